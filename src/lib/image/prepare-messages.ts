/**
 * What the page and the photo worker say to each other, defined once. Each side parses what it
 * receives into one of these types or rejects it.
 */
import { isPrepareErrorCode, type PrepareErrorCode } from './prepare-error';
import { isWatermarkText } from './watermark-text';

export const PREPARED_MIMES = ['image/jpeg', 'image/png'] as const;
export type PreparedMime = (typeof PREPARED_MIMES)[number];

export type PrepareRequest =
	/** Upright, scaled to `maxEdge`, JPEG at `quality`. */
	| { type: 'prepare'; file: Blob; maxEdge: number; quality: number }
	/** Full size, upright, no metadata: see `OriginalRoute`. */
	| { type: 'prepare-original'; file: Blob }
	/** A prepared photo with `text` drawn across it; `mime` and the size are what the page expects it to be. */
	| { type: 'watermark'; photo: Blob; mime: PreparedMime; width: number; height: number; text: string };

export type PrepareReply =
	| { type: 'progress'; pct: number }
	/**
	 * `bytes` is transferred, not copied: a view, which may be of a larger buffer (zeroed around
	 * it). With `checking`, the bytes go out while the worker still
	 * decodes them to check them: a `checked` or an `error` follows. With `reusable`, the worker
	 * may take another request once this one is over (see `REUSABLE_INPUT_BYTES`).
	 */
	| {
			type: 'done';
			bytes: Uint8Array<ArrayBuffer>;
			mime: PreparedMime;
			width: number;
			height: number;
			checking: boolean;
			reusable: boolean;
	  }
	/** The bytes of a `done` with `checking` passed the check. */
	| { type: 'checked' }
	| { type: 'error'; code: PrepareErrorCode; message: string };

/**
 * A worker whose job read at most this much (and never loaded libheif) is kept for the next job
 * rather than ended: a fresh worker runs its code cold, which took a 10 KB photo 4-6 ms to read
 * and check where a warm one takes 1-2. A worker that held a larger file is ended, so that its
 * heap goes with it.
 */
export const REUSABLE_INPUT_BYTES = 1024 * 1024;

export const MIN_MAX_EDGE = 16;
export const MAX_MAX_EDGE = 20_000;
const MAX_MESSAGE_CHARS = 300;

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

function isInt(v: unknown, min: number, max: number): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function isValidMaxEdge(v: unknown): v is number {
	return isInt(v, MIN_MAX_EDGE, MAX_MAX_EDGE);
}

export function isValidQuality(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1;
}

/** A picture's width or height, in pixels. */
export function isValidSide(v: unknown): v is number {
	return isInt(v, 1, MAX_MAX_EDGE);
}

export function isPreparedMime(v: unknown): v is PreparedMime {
	return typeof v === 'string' && (PREPARED_MIMES as readonly string[]).includes(v);
}

export function parsePrepareRequest(raw: unknown): PrepareRequest | null {
	if (!isRecord(raw)) return null;
	switch (raw.type) {
		case 'prepare': {
			const { file, maxEdge, quality } = raw;
			if (!(file instanceof Blob) || !isValidMaxEdge(maxEdge) || !isValidQuality(quality)) return null;
			return { type: 'prepare', file, maxEdge, quality };
		}
		case 'prepare-original': {
			const { file } = raw;
			return file instanceof Blob ? { type: 'prepare-original', file } : null;
		}
		case 'watermark': {
			const { photo, mime, width, height, text } = raw;
			if (!(photo instanceof Blob) || photo.size === 0 || !isPreparedMime(mime)) return null;
			if (!isValidSide(width) || !isValidSide(height) || !isWatermarkText(text)) return null;
			return { type: 'watermark', photo, mime, width, height, text };
		}
		default:
			return null;
	}
}

function isByteView(v: unknown): v is Uint8Array<ArrayBuffer> {
	return v instanceof Uint8Array && v.buffer instanceof ArrayBuffer;
}

export function parsePrepareReply(raw: unknown): PrepareReply | null {
	if (!isRecord(raw)) return null;
	switch (raw.type) {
		case 'progress': {
			const { pct } = raw;
			return typeof pct === 'number' && pct >= 0 && pct <= 100 ? { type: 'progress', pct } : null;
		}
		case 'done': {
			const { bytes, mime, width, height, checking, reusable } = raw;
			if (!isByteView(bytes) || bytes.length === 0 || !isPreparedMime(mime)) return null;
			if (!isValidSide(width) || !isValidSide(height)) return null;
			return {
				type: 'done',
				bytes,
				mime,
				width,
				height,
				checking: checking === true,
				reusable: reusable === true
			};
		}
		case 'checked':
			return { type: 'checked' };
		case 'error': {
			const { code, message } = raw;
			if (!isPrepareErrorCode(code) || typeof message !== 'string') return null;
			if (message.length === 0 || message.length > MAX_MESSAGE_CHARS) return null;
			return { type: 'error', code, message };
		}
		default:
			return null;
	}
}
