/**
 * What the page and the photo-opening worker say to each other, defined once. Each side parses
 * what it receives into one of these types or rejects it.
 */
import { KEY_BYTES, SALT_BYTES, type SealedCopy } from '../crypto/drop-sealing';
import type { ReceivedImageProblem } from '../image/check-received-image';
import { DROP_CIPHERS, DROP_MIME_TYPES, isDropId, type DropMime } from '../protocol/peer-messages';

/** What the worker needs of a photo's header: what its bytes must turn out to be. */
export interface ClaimedPhoto {
	mime: DropMime;
	width: number;
	height: number;
}

/** One granted copy to open. The key's and every chunk's buffer are transferred, not copied. */
export interface OpenPhotoRequest {
	id: number;
	key: Uint8Array<ArrayBuffer>;
	copy: SealedCopy;
	chunks: Uint8Array<ArrayBuffer>[];
	photo: ClaimedPhoto;
}

export const OPEN_PHOTO_PROBLEMS = [
	'not-an-image',
	'wrong-format',
	'too-large',
	'size-mismatch',
	'bad-seal'
] as const satisfies readonly (ReceivedImageProblem | 'bad-seal')[];
export type OpenPhotoProblem = (typeof OPEN_PHOTO_PROBLEMS)[number];

export type OpenPhotoReply =
	/** Sent once, when the worker has loaded: only then is a copy handed to it. */
	| { kind: 'ready' }
	/** The decoded picture, transferred. */
	| { id: number; kind: 'shown'; bitmap: ImageBitmap }
	/** This worker can't decode (no `createImageBitmap` in workers): the checked bytes, transferred. */
	| { id: number; kind: 'plain'; plain: Uint8Array<ArrayBuffer> }
	| { id: number; kind: 'problem'; problem: OpenPhotoProblem }
	| { id: number; kind: 'undecodable' };

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

function isCount(v: unknown): v is number {
	return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isBytes(v: unknown, length?: number): v is Uint8Array<ArrayBuffer> {
	return (
		v instanceof Uint8Array &&
		v.buffer instanceof ArrayBuffer &&
		(length === undefined || v.length === length)
	);
}

function parseCopy(raw: unknown): SealedCopy | null {
	if (!isRecord(raw)) return null;
	const { dropId, salt, chunks, size } = raw;
	const cipher = DROP_CIPHERS.find((c) => c === raw.cipher);
	if (!isDropId(dropId) || !cipher || !isBytes(salt, SALT_BYTES) || !isCount(chunks) || !isCount(size)) {
		return null;
	}
	return { dropId, cipher, salt, chunks, size };
}

function parseClaimedPhoto(raw: unknown): ClaimedPhoto | null {
	if (!isRecord(raw)) return null;
	const mime = DROP_MIME_TYPES.find((t) => t === raw.mime);
	const { width, height } = raw;
	return mime && isCount(width) && isCount(height) ? { mime, width, height } : null;
}

/** The request's id alone, so that even a request that does not parse gets its answer. */
export function requestId(raw: unknown): number | null {
	return isRecord(raw) && isCount(raw.id) ? raw.id : null;
}

export function parseOpenPhotoRequest(raw: unknown): OpenPhotoRequest | null {
	const id = requestId(raw);
	if (id === null || !isRecord(raw)) return null;
	const { key, chunks } = raw;
	const copy = parseCopy(raw.copy);
	const photo = parseClaimedPhoto(raw.photo);
	if (!isBytes(key, KEY_BYTES) || !copy || !photo) return null;
	if (!Array.isArray(chunks) || !chunks.every((c) => isBytes(c))) return null;
	return { id, key, copy, chunks, photo };
}

export function parseOpenPhotoReply(raw: unknown): OpenPhotoReply | null {
	if (!isRecord(raw)) return null;
	if (raw.kind === 'ready') return { kind: 'ready' };
	const id = requestId(raw);
	if (id === null) return null;
	switch (raw.kind) {
		case 'shown':
			return typeof ImageBitmap !== 'undefined' && raw.bitmap instanceof ImageBitmap
				? { id, kind: 'shown', bitmap: raw.bitmap }
				: null;
		case 'plain':
			return isBytes(raw.plain) ? { id, kind: 'plain', plain: raw.plain } : null;
		case 'problem': {
			const problem = OPEN_PHOTO_PROBLEMS.find((p) => p === raw.problem);
			return problem ? { id, kind: 'problem', problem } : null;
		}
		case 'undecodable':
			return { id, kind: 'undecodable' };
		default:
			return null;
	}
}
