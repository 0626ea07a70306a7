/**
 * What two peers say to each other on the data channel. Control messages are JSON text; image
 * bytes travel as binary chunks `[u32 stream][payload]`. Both are parsed here into typed values;
 * anything else is a protocol violation.
 */

import { parseJsonObject } from './json-object';
import { isValidName } from './typed-values';

export const CHUNK_BYTES = 64 * 1024;
export const CHUNK_HEADER_BYTES = 4;
export const MAX_IMAGE_SIDE = 20000;
export const MAX_CAPTION_CHARS = 280;
const MAX_CONTROL_CHARS = 4096;

/** What a drop holds. Every kind is sealed, counted, timed and wiped the same way. */
export type DropKind = 'photo' | 'text' | 'video';

/** A photo drop's formats. */
export const DROP_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type DropMime = (typeof DROP_MIME_TYPES)[number];
/** A video drop's containers, as remuxed by the sender (a QuickTime file leaves as MP4). */
export const VIDEO_MIME_TYPES = ['video/mp4', 'video/webm'] as const;
export type VideoMime = (typeof VIDEO_MIME_TYPES)[number];
export const TEXT_MIME = 'text/plain;charset=utf-8';

/** A text drop: at most this many characters (UTF-16 code units, as a textarea counts them)... */
export const MAX_TEXT_CHARS = 2000;
/** ...which is at most this many bytes of UTF-8. */
export const MAX_TEXT_BYTES = MAX_TEXT_CHARS * 3;
/** A video drop's plain bytes, after the sender's remux. */
export const MAX_VIDEO_BYTES = 50 * 1000 * 1000;
/** A clip's length: 60 s, and half a second for containers that round up. */
export const MAX_VIDEO_MS = 60_500;
/** The sealing adds one 16-byte tag per wire chunk (see `crypto/drop-sealing.ts`). */
const SEAL_OVERHEAD = Math.ceil(MAX_VIDEO_BYTES / (64 * 1024 - 16)) * 16;
/** The hard cap on one drop's sealed bytes, checked before any memory is reserved. */
export const MAX_DROP_BYTES = MAX_VIDEO_BYTES + SEAL_OVERHEAD;

export type ReceiptStatus = 'delivered' | 'viewed' | 'destroyed' | 'expired' | 'failed';
const RECEIPT_STATUSES: readonly ReceiptStatus[] = ['delivered', 'viewed', 'destroyed', 'expired', 'failed'];

export interface DropOptions {
	/** How many viewers may open it; 0 means unlimited while the sender is present. */
	views: number;
	/** How long one view lasts; 0 means until closed. */
	seconds: number;
	/** Only while the finger or mouse is down. */
	hold: boolean;
	/** Unix ms after which an unopened drop is destroyed. */
	expiresAt: number;
	caption: string;
}

/**
 * A drop's announcement. Its bytes are sealed (see `crypto/drop-sealing.ts`) under a key that
 * travels only with a granted view; `size` counts the sealed bytes, and the SHA-256 of those
 * comes after them, in a `drop-end`.
 */
interface DropHeaderBase {
	t: 'drop';
	id: string;
	stream: number;
	size: number;
	/** The copy's sealing salt, base64url (16 bytes): not secret. */
	salt: string;
	options: DropOptions;
}

export interface PhotoDropHeader extends DropHeaderBase {
	kind: 'photo';
	mime: DropMime;
	width: number;
	height: number;
}

export interface TextDropHeader extends DropHeaderBase {
	kind: 'text';
	mime: typeof TEXT_MIME;
}

export interface VideoDropHeader extends DropHeaderBase {
	kind: 'video';
	mime: VideoMime;
	width: number;
	height: number;
	/** The clip's length, which bounds the view. */
	durationMs: number;
}

export type DropHeader = PhotoDropHeader | TextDropHeader | VideoDropHeader;

/** Why a sender takes back a drop a recipient has not opened. */
export type RevokeReason = 'burned' | 'no-views' | 'expired';
const REVOKE_REASONS: readonly RevokeReason[] = ['burned', 'no-views', 'expired'];

/**
 * The safety exchange, the first thing said on a new data channel (`crypto/safety-exchange`):
 * each end commits to a nonce, then reveals it once it holds the other's commitment.
 */
export type SafetyMessage =
	| { t: 'safety-commit'; commit: string }
	/** With the nonce, the device's own name: said over the channel the code verifies. */
	| { t: 'safety-reveal'; nonce: string; name: string };

export type PeerMessage =
	| SafetyMessage
	| DropHeader
	| { t: 'receipt'; id: string; status: ReceiptStatus; at: number }
	| { t: 'abort'; id: string }
	| { t: 'revoke'; id: string; reason: RevokeReason }
	/** A recipient asks the sender for one of the drop's views... */
	| { t: 'view-request'; id: string }
	/** ...and the sender, who counts them, answers: with the copy's key when it grants one. */
	| { t: 'view-answer'; id: string; granted: false }
	| { t: 'view-answer'; id: string; granted: true; key: string }
	/** After the last chunk: the SHA-256 of the sealed bytes, which makes the drop `sealed`. */
	| { t: 'drop-end'; id: string; stream: number; sha256: string }
	/** A sender leaving hands each holder the key of a view it was sure to get. */
	| { t: 'key'; id: string; key: string }
	/** A new name for a ready device, said over the verified channel: the server can't swap it. */
	| { t: 'name'; name: string }
	/** The person here confirmed that both screens show this safety code. */
	| { t: 'codes-match'; code: string };

const DROP_ID = /^[A-Za-z0-9_-]{22}$/;
/** 32 bytes, base64url: a commitment or a nonce of the safety exchange. */
const SAFETY_VALUE = /^[A-Za-z0-9_-]{43}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 16 bytes (a salt) or 32 bytes (a key) in base64url. */
const SALT = /^[A-Za-z0-9_-]{22}$/;
const KEY = /^[A-Za-z0-9_-]{43}$/;
/** A safety code as `safetyCode` writes it: `123 456`. */
const SAFETY_CODE = /^\d{3} \d{3}$/;

function isInt(v: unknown, min: number, max: number): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function isDropId(v: unknown): v is string {
	return typeof v === 'string' && DROP_ID.test(v);
}

function parseOptions(v: unknown): DropOptions | null {
	if (typeof v !== 'object' || v === null) return null;
	const o = v as Record<string, unknown>;
	if (!isInt(o.views, 0, 100) || !isInt(o.seconds, 0, 3600)) return null;
	if (typeof o.hold !== 'boolean' || !isInt(o.expiresAt, 0, Number.MAX_SAFE_INTEGER)) return null;
	if (typeof o.caption !== 'string' || o.caption.length > MAX_CAPTION_CHARS) return null;
	return { views: o.views, seconds: o.seconds, hold: o.hold, expiresAt: o.expiresAt, caption: o.caption };
}

/** What a header says about its bytes, by kind: strict, and nothing of another kind's fields. */
function parseKindFields(
	m: Record<string, unknown>
):
	| Pick<PhotoDropHeader, 'kind' | 'mime' | 'width' | 'height'>
	| Pick<TextDropHeader, 'kind' | 'mime'>
	| Pick<VideoDropHeader, 'kind' | 'mime' | 'width' | 'height' | 'durationMs'>
	| null {
	const sized = isInt(m.width, 1, MAX_IMAGE_SIDE) && isInt(m.height, 1, MAX_IMAGE_SIDE);
	switch (m.kind) {
		case 'photo': {
			const mime = DROP_MIME_TYPES.find((t) => t === m.mime);
			if (!mime || !sized || 'durationMs' in m) return null;
			return { kind: 'photo', mime, width: m.width as number, height: m.height as number };
		}
		case 'video': {
			const mime = VIDEO_MIME_TYPES.find((t) => t === m.mime);
			if (!mime || !sized || !isInt(m.durationMs, 1, MAX_VIDEO_MS)) return null;
			return {
				kind: 'video',
				mime,
				width: m.width as number,
				height: m.height as number,
				durationMs: m.durationMs
			};
		}
		case 'text':
			if (m.mime !== TEXT_MIME || 'width' in m || 'height' in m || 'durationMs' in m) return null;
			return { kind: 'text', mime: TEXT_MIME };
		default:
			return null;
	}
}

function parseDropHeader(m: Record<string, unknown>): DropHeader | null {
	const options = parseOptions(m.options);
	const kind = parseKindFields(m);
	if (
		!isDropId(m.id) ||
		!isInt(m.stream, 1, 0xffffffff) ||
		!kind ||
		!isInt(m.size, 1, Number.MAX_SAFE_INTEGER) ||
		typeof m.salt !== 'string' ||
		!SALT.test(m.salt) ||
		!options
	) {
		return null;
	}
	// The size is parsed as any integer so that the receiver can say "too big" rather than "garbage".
	return { t: 'drop', id: m.id, stream: m.stream, size: m.size, salt: m.salt, options, ...kind };
}

export function parsePeerMessage(raw: string): PeerMessage | null {
	if (raw.length > MAX_CONTROL_CHARS) return null;
	const m = parseJsonObject(raw);
	if (!m) return null;
	switch (m.t) {
		case 'drop':
			return parseDropHeader(m);
		case 'receipt': {
			const status = RECEIPT_STATUSES.find((s) => s === m.status);
			if (!isDropId(m.id) || !status || !isInt(m.at, 0, Number.MAX_SAFE_INTEGER)) return null;
			return { t: 'receipt', id: m.id, status, at: m.at };
		}
		case 'abort':
		case 'view-request':
			return isDropId(m.id) ? { t: m.t, id: m.id } : null;
		case 'view-answer':
			if (!isDropId(m.id)) return null;
			if (m.granted === false) return { t: 'view-answer', id: m.id, granted: false };
			return m.granted === true && typeof m.key === 'string' && KEY.test(m.key)
				? { t: 'view-answer', id: m.id, granted: true, key: m.key }
				: null;
		case 'drop-end':
			return isDropId(m.id) &&
				isInt(m.stream, 1, 0xffffffff) &&
				typeof m.sha256 === 'string' &&
				SHA256_HEX.test(m.sha256)
				? { t: 'drop-end', id: m.id, stream: m.stream, sha256: m.sha256 }
				: null;
		case 'key':
			return isDropId(m.id) && typeof m.key === 'string' && KEY.test(m.key)
				? { t: 'key', id: m.id, key: m.key }
				: null;
		case 'name':
			return isValidName(m.name) ? { t: 'name', name: m.name } : null;
		case 'safety-commit':
			return typeof m.commit === 'string' && SAFETY_VALUE.test(m.commit)
				? { t: 'safety-commit', commit: m.commit }
				: null;
		case 'safety-reveal':
			return typeof m.nonce === 'string' && SAFETY_VALUE.test(m.nonce) && isValidName(m.name)
				? { t: 'safety-reveal', nonce: m.nonce, name: m.name }
				: null;
		case 'codes-match':
			return typeof m.code === 'string' && SAFETY_CODE.test(m.code) && Object.keys(m).length === 2
				? { t: 'codes-match', code: m.code }
				: null;
		case 'revoke': {
			const reason = REVOKE_REASONS.find((r) => r === m.reason);
			return isDropId(m.id) && reason ? { t: 'revoke', id: m.id, reason } : null;
		}
		default:
			return null;
	}
}

export function isSafetyMessage(m: PeerMessage): m is SafetyMessage {
	return m.t === 'safety-commit' || m.t === 'safety-reveal';
}

export function encodePeerMessage(m: PeerMessage): string {
	return JSON.stringify(m);
}

/**
 * Frames a chunk in `frame` (header, then payload) and returns the part it fills. The sender
 * reuses one frame for every chunk, which is safe because a data channel copies what `send` is
 * given: a fresh 64 KiB buffer per chunk cost the sender's main thread about 4 % of a transfer.
 */
export function encodeChunk(
	stream: number,
	payload: Uint8Array,
	frame = new Uint8Array(CHUNK_HEADER_BYTES + CHUNK_BYTES)
): Uint8Array<ArrayBuffer> {
	if (payload.length > CHUNK_BYTES) throw new RangeError('chunk too large');
	const out = new Uint8Array(frame.buffer, frame.byteOffset, CHUNK_HEADER_BYTES + payload.length);
	new DataView(out.buffer, out.byteOffset, CHUNK_HEADER_BYTES).setUint32(0, stream);
	out.set(payload, CHUNK_HEADER_BYTES);
	return out;
}

export function decodeChunk(data: ArrayBuffer): { stream: number; payload: Uint8Array } | null {
	if (data.byteLength < CHUNK_HEADER_BYTES + 1 || data.byteLength > CHUNK_HEADER_BYTES + CHUNK_BYTES) {
		return null;
	}
	const stream = new DataView(data).getUint32(0);
	return { stream, payload: new Uint8Array(data, CHUNK_HEADER_BYTES) };
}
