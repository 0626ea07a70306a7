/**
 * A HEIC's grid of tiles (an iPhone photo is 48 of 512 × 512), decoded one tile at a time so
 * that several workers can share the work: libheif's WebAssembly runs on one thread, and the
 * HEVC decode is nearly all of a HEIC's preparation. Tiles come upright (libheif turns each one
 * and numbers them as the upright picture shows them) and are placed here by hand.
 */
import {
	CHANNEL_INTERLEAVED,
	CHROMA_INTERLEAVED_RGBA,
	COLORSPACE_RGB,
	interleavedPixels,
	withOpenHeic,
	type HeicLimits,
	type Libheif,
	type OpenHeic
} from './heic-decode';
import type { PixelSize } from './image-header';
import { PrepareError, tooLargeError } from './prepare-error';

/** The upright picture's tiling: tile (x, y) is drawn at (x * tileWidth - shiftX, y * tileHeight - shiftY). */
export interface HeicGrid {
	columns: number;
	rows: number;
	tileWidth: number;
	tileHeight: number;
	width: number;
	height: number;
	shiftX: number;
	shiftY: number;
}

/** `heif_image_tiling` (heif_tiling.h), version 1: nine 32-bit fields, then the extra dimensions. */
const TILING = {
	columns: 4,
	rows: 8,
	tileWidth: 12,
	tileHeight: 16,
	width: 20,
	height: 24,
	top: 28,
	left: 32,
	bytes: 72
};
const MAX_TILES = 4096;

/**
 * Where each partial tile of a turned or mirrored grid goes: a grid's spare pixels lie past its
 * right and bottom edges, and a turn or a mirror moves them to the left or the top. libheif says
 * which side (its `left_offset`/`top_offset` are non-zero), but counts the partial tile's
 * visible pixels rather than the shift, so the shift is worked out here: all of the spare width,
 * or none.
 */
function shiftFor(reported: number, spare: number): number {
	return reported > 0 ? spare : 0;
}

/**
 * The grid, or null for a picture that is no grid of at least two tiles, or one that is cropped
 * (`clap`): those are decoded whole. Throws 'too-large' past the limit, as libheif would.
 */
export function readGrid(heic: OpenHeic): HeicGrid | null {
	const { lib, handle, size } = heic;
	const tiling = heic.own(lib._malloc(TILING.bytes), (p) => lib._free(p));
	lib.HEAPU8.fill(0, tiling, tiling + TILING.bytes);
	lib._heif_image_handle_get_image_tiling(heic.error, handle, 1, tiling);
	heic.check();
	const field = new DataView(lib.HEAPU8.buffer, lib.HEAPU8.byteOffset + tiling, TILING.bytes);
	const u32 = (at: number) => field.getUint32(at, true);
	const [columns, rows, tileWidth, tileHeight] = [
		u32(TILING.columns),
		u32(TILING.rows),
		u32(TILING.tileWidth),
		u32(TILING.tileHeight)
	];
	const { width, height } = { width: u32(TILING.width), height: u32(TILING.height) };
	if (width * height > heic.limits.maxPixels) throw tooLargeError(width, height);
	const ispe = {
		width: lib._heif_image_handle_get_ispe_width(handle),
		height: lib._heif_image_handle_get_ispe_height(handle)
	};
	const uncropped = sameOrTurned(ispe, size) && width === size.width && height === size.height;
	const spareX = columns * tileWidth - width;
	const spareY = rows * tileHeight - height;
	const tiled = columns * rows >= 2 && columns * rows <= MAX_TILES && tileWidth > 0 && tileHeight > 0;
	if (!uncropped || !tiled || spareX < 0 || spareX >= tileWidth || spareY < 0 || spareY >= tileHeight)
		return null;
	const shiftX = shiftFor(u32(TILING.left), spareX);
	const shiftY = shiftFor(u32(TILING.top), spareY);
	return { columns, rows, tileWidth, tileHeight, width, height, shiftX, shiftY };
}

function sameOrTurned(a: PixelSize, b: PixelSize): boolean {
	return (a.width === b.width && a.height === b.height) || (a.width === b.height && a.height === b.width);
}

/** Tile `index` (row after row) of `grid`, upright, as RGBA of exactly one tile's size. */
export function decodeTile(heic: OpenHeic, grid: HeicGrid, index: number): Uint8ClampedArray<ArrayBuffer> {
	const { lib, handle, options, error, out } = heic;
	const [x, y] = [index % grid.columns, Math.floor(index / grid.columns)];
	lib._heif_image_handle_decode_image_tile(
		error,
		handle,
		out,
		COLORSPACE_RGB,
		CHROMA_INTERLEAVED_RGBA,
		options,
		x,
		y
	);
	heic.check();
	const image = heic.readOut();
	if (image === 0) throw new PrepareError('failed');
	try {
		const size = { width: grid.tileWidth, height: grid.tileHeight };
		const w = lib._heif_image_get_width(image, CHANNEL_INTERLEAVED);
		const h = lib._heif_image_get_height(image, CHANNEL_INTERLEAVED);
		if (w !== size.width || h !== size.height) throw new PrepareError('corrupt');
		// A copy: the tile leaves libheif's memory (for another worker, or the picture).
		return interleavedPixels(lib, image, size, out).data.slice();
	} finally {
		lib._heif_image_release(image);
	}
}

/** Copies tile `index` into `picture` (the grid's whole picture, RGBA), clipped to its edges. */
export function placeTile(
	picture: Uint8ClampedArray,
	grid: HeicGrid,
	index: number,
	tile: Uint8ClampedArray
): void {
	const { tileWidth: tw, tileHeight: th, width, height } = grid;
	const left = (index % grid.columns) * tw - grid.shiftX;
	const top = Math.floor(index / grid.columns) * th - grid.shiftY;
	const from = Math.max(0, -left);
	const to = Math.min(tw, width - left);
	if (to <= from) return;
	for (let row = Math.max(0, -top); row < th && top + row < height; row++) {
		const src = (row * tw + from) * 4;
		picture.set(tile.subarray(src, src + (to - from) * 4), ((top + row) * width + left + from) * 4);
	}
}

/**
 * A helper's share: tiles `indices` of the HEIC in `bytes`, handed to `onTile` one by one, with
 * the same checks and limits as a whole decode. Throws `PrepareError` ('failed' where the file
 * turns out to be no grid, which the worker that asked had read it to be).
 */
export function decodeTileShare(
	lib: Libheif,
	bytes: Uint8Array,
	indices: number[],
	limits: HeicLimits,
	onTile: (index: number, pixels: Uint8ClampedArray<ArrayBuffer>) => void
): Promise<void> {
	return withOpenHeic(lib, bytes, limits, async (heic) => {
		const grid = readGrid(heic);
		if (grid === null || indices.some((i) => i >= grid.columns * grid.rows)) throw new PrepareError('failed');
		for (const index of indices) onTile(index, decodeTile(heic, grid, index));
	});
}
