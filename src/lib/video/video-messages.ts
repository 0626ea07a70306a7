/**
 * What the page and the video worker say to each other, defined once. Each side parses what it
 * receives into one of these types or rejects it.
 */
import type { PreparedVideo } from '../drops/drop-content';
import { MAX_IMAGE_SIDE, MAX_VIDEO_BYTES, MAX_VIDEO_MS, VIDEO_MIME_TYPES } from '../protocol/peer-messages';
import { VIDEO_ERROR_MESSAGES, type VideoErrorCode } from './video-error';

/**
 * A clip to remux. `webCodecs` says whether the page has WebCodecs: a worker that lacks what the
 * page has answers 'unavailable', and the page remuxes the clip itself.
 */
export interface VideoRequest {
	type: 'prepare-video';
	file: Blob;
	webCodecs: boolean;
}

export type VideoReply =
	| { type: 'progress'; pct: number }
	/**
	 * `bytes` is transferred, not copied: the clip, at the start of its buffer; what follows it in
	 * the buffer (at most a little) is zero.
	 */
	| ({ type: 'done'; bytes: Uint8Array<ArrayBuffer> } & Omit<PreparedVideo, 'bytes'>)
	| { type: 'error'; code: VideoErrorCode }
	| { type: 'unavailable' };

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

function isInt(v: unknown, min: number, max: number): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isVideoErrorCode(v: unknown): v is VideoErrorCode {
	return typeof v === 'string' && Object.hasOwn(VIDEO_ERROR_MESSAGES, v);
}

export function parseVideoRequest(raw: unknown): VideoRequest | null {
	if (!isRecord(raw) || raw.type !== 'prepare-video') return null;
	const { file, webCodecs } = raw;
	if (!(file instanceof Blob) || typeof webCodecs !== 'boolean') return null;
	return { type: 'prepare-video', file, webCodecs };
}

function parseDone(raw: Record<string, unknown>): VideoReply | null {
	const { bytes, mime, width, height, durationMs } = raw;
	if (!(bytes instanceof Uint8Array) || !(bytes.buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0)
		return null;
	if (bytes.byteLength === 0 || bytes.byteLength > MAX_VIDEO_BYTES) return null;
	const clipMime = VIDEO_MIME_TYPES.find((t) => t === mime);
	if (!clipMime || !isInt(width, 1, MAX_IMAGE_SIDE) || !isInt(height, 1, MAX_IMAGE_SIDE)) return null;
	if (!isInt(durationMs, 1, MAX_VIDEO_MS)) return null;
	return {
		type: 'done',
		bytes: new Uint8Array(bytes.buffer, 0, bytes.byteLength),
		mime: clipMime,
		width,
		height,
		durationMs
	};
}

export function parseVideoReply(raw: unknown): VideoReply | null {
	if (!isRecord(raw)) return null;
	switch (raw.type) {
		case 'progress':
			return isInt(raw.pct, 0, 100) ? { type: 'progress', pct: raw.pct } : null;
		case 'done':
			return parseDone(raw);
		case 'error':
			return isVideoErrorCode(raw.code) ? { type: 'error', code: raw.code } : null;
		case 'unavailable':
			return { type: 'unavailable' };
		default:
			return null;
	}
}
