/**
 * What the page and the photo worker say to each other, defined once. Each side parses what it
 * receives into one of these types or rejects it.
 */
import { isPrepareErrorCode, type PrepareErrorCode } from './prepare-error';

export interface PrepareRequest {
	type: 'prepare';
	file: Blob;
	maxEdge: number;
	quality: number;
}

export type PrepareReply =
	| { type: 'progress'; pct: number }
	/** `bytes` is transferred, not copied. */
	| { type: 'done'; bytes: ArrayBuffer; width: number; height: number }
	| { type: 'error'; code: PrepareErrorCode; message: string };

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

export function parsePrepareRequest(raw: unknown): PrepareRequest | null {
	if (!isRecord(raw) || raw.type !== 'prepare') return null;
	const { file, maxEdge, quality } = raw;
	if (!(file instanceof Blob) || !isValidMaxEdge(maxEdge) || !isValidQuality(quality)) return null;
	return { type: 'prepare', file, maxEdge, quality };
}

export function parsePrepareReply(raw: unknown): PrepareReply | null {
	if (!isRecord(raw)) return null;
	switch (raw.type) {
		case 'progress': {
			const { pct } = raw;
			return typeof pct === 'number' && pct >= 0 && pct <= 100 ? { type: 'progress', pct } : null;
		}
		case 'done': {
			const { bytes, width, height } = raw;
			if (!(bytes instanceof ArrayBuffer) || bytes.byteLength === 0) return null;
			if (!isInt(width, 1, MAX_MAX_EDGE) || !isInt(height, 1, MAX_MAX_EDGE)) return null;
			return { type: 'done', bytes, width, height };
		}
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
