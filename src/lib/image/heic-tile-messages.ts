/**
 * What the photo worker and a HEIC tile worker say to each other, defined once. Each side
 * parses what it receives into one of these types or rejects it.
 */
import { isPrepareErrorCode, type PrepareErrorCode } from './prepare-error';

/** Tiles `indices` (row after row) of the HEIC in `bytes`; libheif comes compiled, as `module`. */
export interface TileRequest {
	type: 'tiles';
	module: WebAssembly.Module;
	bytes: ArrayBuffer;
	indices: number[];
	maxPixels: number;
}

export type TileReply =
	/** One tile's upright RGBA, transferred. */
	| { type: 'tile'; index: number; pixels: ArrayBuffer }
	| { type: 'done' }
	| { type: 'error'; code: PrepareErrorCode };

const MAX_TILES = 4096;

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

function isIndex(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_TILES;
}

export function parseTileRequest(raw: unknown): TileRequest | null {
	if (!isRecord(raw) || raw.type !== 'tiles') return null;
	const { module, bytes, indices, maxPixels } = raw;
	if (!(module instanceof WebAssembly.Module) || !(bytes instanceof ArrayBuffer)) return null;
	if (!Array.isArray(indices) || indices.length > MAX_TILES || !indices.every(isIndex)) return null;
	if (typeof maxPixels !== 'number' || !Number.isInteger(maxPixels) || maxPixels <= 0) return null;
	return { type: 'tiles', module, bytes, indices: indices as number[], maxPixels };
}

export function parseTileReply(raw: unknown): TileReply | null {
	if (!isRecord(raw)) return null;
	switch (raw.type) {
		case 'tile':
			return isIndex(raw.index) && raw.pixels instanceof ArrayBuffer
				? { type: 'tile', index: raw.index, pixels: raw.pixels }
				: null;
		case 'done':
			return { type: 'done' };
		case 'error':
			return isPrepareErrorCode(raw.code) ? { type: 'error', code: raw.code } : null;
		default:
			return null;
	}
}
