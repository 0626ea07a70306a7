import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { loadLibheifInNode } from '../../../tests/support/libheif-node';
import { withDecodedHeic, type Libheif } from './heic-decode';
import { dealTiles, withTiledHeic, type TileHelper } from './heic-tiled-decode';
import { decodeTileShare, placeTile, type HeicGrid } from './heic-tiles';
import { PrepareError } from './prepare-error';

const HEIC = fixtureBytes('iphone_13_pro_max.HEIC');
const LIMITS = { maxPixels: 50_000_000 };

/** A helper that decodes its share with a libheif of its own, as a tile worker does. */
function inProcessHelper(lib: Libheif, log: number[][]): TileHelper {
	return {
		async decode(indices, tileBytes, onTile) {
			log.push(indices);
			await decodeTileShare(lib, HEIC, indices, LIMITS, (i, pixels) => {
				expect(pixels.length).toBe(tileBytes);
				onTile(i, pixels);
			});
			return true;
		},
		close() {}
	};
}

const failing = (result: boolean | PrepareError): TileHelper => ({
	decode: () => (result instanceof PrepareError ? Promise.reject(result) : Promise.resolve(result)),
	close() {}
});

describe('placeTile', () => {
	it("puts a turned grid's partial tiles on the side the spare pixels moved to, clipped", () => {
		// 3 × 2 tiles of 2 × 2 over a 5 × 3 picture, its spare column on the left, its spare row at the bottom.
		const grid: HeicGrid = {
			columns: 3,
			rows: 2,
			tileWidth: 2,
			tileHeight: 2,
			width: 5,
			height: 3,
			shiftX: 1,
			shiftY: 0
		};
		const picture = new Uint8ClampedArray(5 * 3 * 4);
		for (let i = 0; i < 6; i++) placeTile(picture, grid, i, new Uint8ClampedArray(16).fill(i + 1));
		const shown = [];
		for (let p = 0; p < picture.length; p += 4) shown.push(picture[p]);
		expect(shown).toEqual([1, 2, 2, 3, 3, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6]);
	});

	it('deals tiles round the hands', () => {
		expect(dealTiles(5, 2)).toEqual([
			[0, 2, 4],
			[1, 3]
		]);
		expect(dealTiles(2, 3)).toEqual([[0], [1], []]);
	});
});

describe('withTiledHeic', () => {
	let lib: Libheif;
	let helperLib: Libheif;
	let whole: Uint8ClampedArray;
	beforeAll(async () => {
		[lib, helperLib] = await Promise.all([loadLibheifInNode(), loadLibheifInNode()]);
		whole = await withDecodedHeic(lib, HEIC, async (p) => p.data.slice());
	});

	it('puts the tiles of the iPhone photo (a turned grid) together exactly as the whole decode', async () => {
		const log: number[][] = [];
		const tiled = await withTiledHeic(
			lib,
			HEIC,
			async (p) => p,
			() => [inProcessHelper(helperLib, log)],
			LIMITS
		);
		expect([tiled.width, tiled.height]).toEqual([3024, 4032]);
		expect(log).toEqual([dealTiles(48, 2)[1]]);
		expect(Buffer.from(tiled.data).equals(Buffer.from(whole))).toBe(true);
	});

	it('decodes here the share of a helper that could not start, and fails with one that found damage', async () => {
		const alone = await withTiledHeic(
			lib,
			HEIC,
			async (p) => p.data,
			() => [failing(false)],
			LIMITS
		);
		expect(Buffer.from(alone).equals(Buffer.from(whole))).toBe(true);
		const damaged = withTiledHeic(
			lib,
			HEIC,
			async () => null,
			() => [failing(new PrepareError('corrupt'))],
			LIMITS
		);
		await expect(damaged).rejects.toMatchObject({ code: 'corrupt' });
	});

	it('refuses past the limit and damaged tiles, as the whole decode does', async () => {
		const none = () => [];
		await expect(
			withTiledHeic(lib, HEIC, async () => null, none, { maxPixels: 10_000_000 })
		).rejects.toMatchObject({
			code: 'too-large'
		});
		const wiped = HEIC.slice();
		wiped.fill(0, 10_000, 2_000_000);
		await expect(withTiledHeic(lib, wiped, async () => null, none, LIMITS)).rejects.toMatchObject({
			code: 'corrupt'
		});
		await expect(decodeTileShare(helperLib, wiped, [0, 1], LIMITS, () => undefined)).rejects.toMatchObject({
			code: 'corrupt'
		});
	});
});
