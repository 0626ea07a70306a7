/**
 * A HEIC decoded tile by tile, its tiles shared between this worker and helpers (other workers,
 * each with its own libheif), then put together as one upright RGBA picture. A picture that is
 * no grid is decoded whole, as `withDecodedHeic` does.
 */
import { decodeWhole, withOpenHeic, type HeicLimits, type HeicPixels, type Libheif } from './heic-decode';
import { decodeTile, placeTile, readGrid, type HeicGrid } from './heic-tiles';
import { MAX_PIXELS } from './pixel-limits';

/** Decodes some of a HEIC's tiles elsewhere. */
export interface TileHelper {
	/**
	 * Decodes `indices`, handing each tile to `onTile` as it comes. Resolves true when all came,
	 * false when the helper could not start (this worker decodes them instead); rejects with a
	 * `PrepareError` for a damaged file.
	 */
	decode(
		indices: number[],
		tileBytes: number,
		onTile: (index: number, pixels: Uint8ClampedArray) => void
	): Promise<boolean>;
	close(): void;
}

/** Tiles 0..count-1 dealt round `shares` hands, so that each gets tiles from all over the picture. */
export function dealTiles(count: number, shares: number): number[][] {
	const hands = Array.from({ length: shares }, () => [] as number[]);
	for (let i = 0; i < count; i++) hands[i % shares]!.push(i);
	return hands;
}

/**
 * Like `withDecodedHeic`, with the tiles shared with the helpers `spawnHelpers` makes (called
 * only for a grid). The picture is in this worker's memory, not libheif's.
 */
export function withTiledHeic<T>(
	lib: Libheif,
	bytes: Uint8Array,
	use: (pixels: HeicPixels) => Promise<T>,
	spawnHelpers: () => TileHelper[],
	limits: HeicLimits = { maxPixels: MAX_PIXELS }
): Promise<T> {
	type Done = { made: T } | { pixels: HeicPixels };
	return withOpenHeic(lib, bytes, limits, async (heic): Promise<Done> => {
		const grid = readGrid(heic);
		if (grid === null) return { made: await decodeWhole(heic, use) };
		const helpers = spawnHelpers();
		try {
			return { pixels: await decodeShared(grid, helpers, (i) => decodeTile(heic, grid, i)) };
		} finally {
			for (const helper of helpers) helper.close();
		}
	}).then((done) => ('pixels' in done ? use(done.pixels) : done.made));
}

async function decodeShared(
	grid: HeicGrid,
	helpers: TileHelper[],
	decodeHere: (index: number) => Uint8ClampedArray
): Promise<HeicPixels> {
	const picture = new Uint8ClampedArray(grid.width * grid.height * 4);
	const place = (index: number, tile: Uint8ClampedArray) => placeTile(picture, grid, index, tile);
	const [mine = [], ...theirs] = dealTiles(grid.columns * grid.rows, helpers.length + 1);
	const tileBytes = grid.tileWidth * grid.tileHeight * 4;
	const away = helpers.map((helper, k) => helper.decode(theirs[k]!, tileBytes, place));
	// Settled now or later, none is left unhandled if this worker's own tiles fail first.
	for (const job of away) job.catch(() => undefined);
	for (const index of mine) place(index, decodeHere(index));
	const started = await Promise.all(away);
	started.forEach((ok, k) => {
		if (!ok) for (const index of theirs[k]!) place(index, decodeHere(index));
	});
	return { data: picture, width: grid.width, height: grid.height };
}
