import { expect } from '@playwright/test';
import { withDecodedHeic } from '../../../src/lib/image/heic-decode';
import { fixtureBytes } from '../../support/fixtures';
import { cellMeans, loadLibheifInNode } from '../../support/libheif-node';

/** An iPhone photo whose `irot` says "turn a quarter": upright only if that is honoured. */
export const HEIC = 'iphone_13_pro_max.HEIC';
/** The pictures are compared as `HEIC_GRID` × `HEIC_GRID` cells, sampled at 8 pixels a cell. */
export const HEIC_GRID = 12;

/** Mean absolute difference of two cell grids, 0..255. */
function difference(a: number[], b: number[]): number {
	return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
}

/** The grid turned a quarter turn clockwise: how the photo would look with its `irot` ignored. */
function turned(cells: number[]): number[] {
	const out: number[] = [];
	for (let y = 0; y < HEIC_GRID; y++) {
		for (let x = 0; x < HEIC_GRID; x++) {
			const at = (x * HEIC_GRID + (HEIC_GRID - 1 - y)) * 3;
			out.push(...cells.slice(at, at + 3));
		}
	}
	return out;
}

/**
 * `seen`, the viewer's picture drawn `HEIC_GRID * 8` pixels square (RGBA), is the `HEIC` photo
 * portrait and upright: close to libheif's decoding of the file in Node, far from it turned.
 */
export async function expectHeicUpright(seen: {
	width: number;
	height: number;
	pixels: number[];
}): Promise<void> {
	// The phone shows it portrait: 3024 × 4032, scaled to the default long edge.
	expect(seen.height).toBeGreaterThan(seen.width);
	expect(seen.width / seen.height).toBeCloseTo(3024 / 4032, 2);
	const lib = await loadLibheifInNode();
	const upright = await withDecodedHeic(lib, fixtureBytes(HEIC), async (p) =>
		cellMeans(p.data, p.width, p.height, HEIC_GRID)
	);
	const received = cellMeans(seen.pixels, HEIC_GRID * 8, HEIC_GRID * 8, HEIC_GRID);
	const toUpright = difference(received, upright);
	expect(toUpright).toBeLessThan(8);
	expect(toUpright * 4).toBeLessThan(difference(received, turned(upright)));
}
