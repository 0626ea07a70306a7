/**
 * A drop's announcement (`drop`), the one peer message with fields by kind: its types, and its
 * strict parse. Its bytes come after it as chunks (`chunk-frames.ts`), within `drop-limits.ts`.
 */

import {
	DROP_MIME_TYPES,
	MAX_CAPTION_CHARS,
	MAX_IMAGE_SIDE,
	MAX_VIDEO_MS,
	TEXT_MIME,
	VIDEO_MIME_TYPES,
	type DropMime,
	type VideoMime
} from './drop-limits';

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
	/** The cipher that sealed the copy (`crypto/drop-sealing.ts`). */
	cipher: DropCipher;
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

/** The ciphers a copy may be sealed with: natively where the sender can, in JS where it can't. */
export const DROP_CIPHERS = ['aes-256-gcm', 'xchacha20poly1305'] as const;
export type DropCipher = (typeof DROP_CIPHERS)[number];

const DROP_ID = /^[A-Za-z0-9_-]{22}$/;
/** 16 bytes, base64url: a copy's sealing salt. */
const SALT = /^[A-Za-z0-9_-]{22}$/;

/** An integer from `min` to `max`. */
export function isInt(v: unknown, min: number, max: number): v is number {
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

export function parseDropHeader(m: Record<string, unknown>): DropHeader | null {
	const options = parseOptions(m.options);
	const kind = parseKindFields(m);
	const cipher = DROP_CIPHERS.find((c) => c === m.cipher);
	if (
		!isDropId(m.id) ||
		!isInt(m.stream, 1, 0xffffffff) ||
		!kind ||
		!isInt(m.size, 1, Number.MAX_SAFE_INTEGER) ||
		typeof m.salt !== 'string' ||
		!SALT.test(m.salt) ||
		!cipher ||
		!options
	) {
		return null;
	}
	// The size is parsed as any integer so that the receiver can say "too big" rather than "garbage".
	return { t: 'drop', id: m.id, stream: m.stream, size: m.size, salt: m.salt, cipher, options, ...kind };
}
