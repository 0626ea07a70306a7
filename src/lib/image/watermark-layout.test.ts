import { describe, expect, it } from 'vitest';
import type { PixelSize } from './image-header';
import {
	MIN_WATERMARK_FONT_PX,
	WATERMARK_ANGLE,
	watermarkFontSize,
	watermarkSteps,
	watermarkTiles,
	type WatermarkTile
} from './watermark-layout';

const COS = Math.cos(WATERMARK_ANGLE);
const SIN = Math.sin(WATERMARK_ANGLE);
/** "Quiet Otter · 14:03" in a semi-bold sans-serif is about 11 font sizes wide. */
const NAME_EM = 11;

/** A stamp as `photo-watermark.ts` makes it: the text, a line high, padded for the outline. */
function stampFor(fontSize: number, em: number): PixelSize {
	const pad = Math.max(2, Math.round(fontSize / 8)) + 2;
	return { width: Math.ceil(fontSize * em + 2 * pad), height: Math.ceil(fontSize * 1.17 + 2 * pad) };
}

/** Half the turned stamp's axis-aligned bounding box. */
function halfBox(stamp: PixelSize): { x: number; y: number } {
	return {
		x: (Math.abs(stamp.width * COS) + Math.abs(stamp.height * SIN)) / 2,
		y: (Math.abs(stamp.width * SIN) + Math.abs(stamp.height * COS)) / 2
	};
}

interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The stamps that lie entirely inside `crop`: copies of the text a crop keeps whole. */
function wholeIn(tiles: WatermarkTile[], stamp: PixelSize, crop: Rect): number {
	const half = halfBox(stamp);
	return tiles.filter(
		(t) =>
			t.x - half.x >= crop.x &&
			t.x + half.x <= crop.x + crop.width &&
			t.y - half.y >= crop.y &&
			t.y + half.y <= crop.y + crop.height
	).length;
}

function layout(
	size: PixelSize,
	em = NAME_EM
): { fontSize: number; stamp: PixelSize; tiles: WatermarkTile[] } {
	const fontSize = watermarkFontSize(size, em);
	const stamp = stampFor(fontSize, em);
	return { fontSize, stamp, tiles: watermarkTiles(size, stamp, fontSize) };
}

const PREPARED_HMD = { width: 2560, height: 1097 };
const SIZES: PixelSize[] = [
	PREPARED_HMD,
	{ width: 4608, height: 1976 },
	{ width: 1440, height: 2560 },
	{ width: 1600, height: 1200 },
	{ width: 640, height: 480 }
];

describe('watermarkFontSize', () => {
	it('is a 28th of the width for short text', () => {
		expect(watermarkFontSize(PREPARED_HMD, 3)).toBe(91);
		expect(watermarkFontSize({ width: 1440, height: 2560 }, 3)).toBe(51);
	});

	it('shrinks so that the turned text spans at most a third of each side', () => {
		expect(watermarkFontSize(PREPARED_HMD, NAME_EM)).toBe(55);
		expect(watermarkFontSize({ width: 1440, height: 2560 }, NAME_EM)).toBe(47);
		for (const size of SIZES) {
			const fontSize = watermarkFontSize(size, NAME_EM);
			const extent = {
				x: fontSize * (NAME_EM * Math.abs(COS) + 1.3 * Math.abs(SIN)),
				y: fontSize * (NAME_EM * Math.abs(SIN) + 1.3 * Math.abs(COS))
			};
			expect(extent.x).toBeLessThanOrEqual(size.width / 3);
			expect(extent.y).toBeLessThanOrEqual(size.height / 3);
		}
	});

	it(`is ${MIN_WATERMARK_FONT_PX} px at least`, () => {
		expect(watermarkFontSize({ width: 300, height: 200 }, 3)).toBe(MIN_WATERMARK_FONT_PX);
		expect(watermarkFontSize({ width: 16, height: 16 }, NAME_EM)).toBe(MIN_WATERMARK_FONT_PX);
		// 80 characters on a small photo.
		expect(watermarkFontSize({ width: 640, height: 480 }, 46)).toBe(MIN_WATERMARK_FONT_PX);
	});

	it('ignores a width that could not be measured', () => {
		expect(watermarkFontSize(PREPARED_HMD, 0)).toBe(91);
		expect(watermarkFontSize(PREPARED_HMD, Number.NaN)).toBe(91);
	});
});

describe('watermarkSteps', () => {
	it('leaves two font sizes between copies on a line, and lines at least three font sizes apart', () => {
		expect(watermarkSteps({ width: 600, height: 80 }, 55)).toEqual({ along: 710, across: 165 });
		expect(watermarkSteps({ width: 600, height: 200 }, 55)).toEqual({ along: 710, across: 255 });
	});
});

describe('watermarkTiles', () => {
	it.each(SIZES)('only places stamps that touch the %j picture', (size) => {
		const { stamp, tiles } = layout(size);
		const half = halfBox(stamp);
		for (const t of tiles) {
			expect(t.x + half.x).toBeGreaterThan(0);
			expect(t.x - half.x).toBeLessThan(size.width);
			expect(t.y + half.y).toBeGreaterThan(0);
			expect(t.y - half.y).toBeLessThan(size.height);
		}
	});

	it.each(SIZES)('draws every stamp of the endless grid that shows on the %j picture', (size) => {
		const { fontSize, stamp, tiles } = layout(size);
		const { along, across } = watermarkSteps(stamp, fontSize);
		const placed = new Set(tiles.map((t) => `${t.x.toFixed(3)},${t.y.toFixed(3)}`));
		let covered = 0;
		let points = 0;
		for (let y = 0.5; y < size.height; y += size.height / 40) {
			for (let x = 0.5; x < size.width; x += size.width / 40) {
				points++;
				// Into the turned frame, centred on the picture: along the text, and across the lines.
				const dx = x - size.width / 2;
				const dy = y - size.height / 2;
				const u = dx * COS + dy * SIN;
				const v = -dx * SIN + dy * COS;
				const k = Math.round(v / across);
				const shift = k % 2 === 0 ? 0 : along / 2;
				const j = Math.round((u - shift) / along);
				const cu = j * along + shift;
				const cv = k * across;
				if (Math.abs(u - cu) > stamp.width / 2 || Math.abs(v - cv) > stamp.height / 2) continue;
				covered++;
				const cx = size.width / 2 + cu * COS - cv * SIN;
				const cy = size.height / 2 + cu * SIN + cv * COS;
				expect(placed.has(`${cx.toFixed(3)},${cy.toFixed(3)}`), `(${x}, ${y})`).toBe(true);
			}
		}
		// A stamp is most of its cell: the text lies over a good share of the picture.
		expect(covered / points).toBeGreaterThan(0.3);
	});

	it.each(SIZES)('keeps several whole copies in any crop of two thirds of the %j picture', (size) => {
		const { stamp, tiles } = layout(size);
		expect(wholeIn(tiles, stamp, { x: 0, y: 0, ...size })).toBeGreaterThanOrEqual(7);
		const width = (size.width * 2) / 3;
		const height = (size.height * 2) / 3;
		for (let i = 0; i <= 6; i++) {
			for (let j = 0; j <= 6; j++) {
				const crop = {
					x: ((size.width - width) * i) / 6,
					y: ((size.height - height) * j) / 6,
					width,
					height
				};
				expect(wholeIn(tiles, stamp, crop), JSON.stringify(crop)).toBeGreaterThanOrEqual(
					size === PREPARED_HMD ? 3 : 1
				);
			}
		}
	});

	it('puts one stamp on the centre and lays out symmetrically about it', () => {
		const { tiles } = layout(PREPARED_HMD);
		const key = (x: number, y: number): string => `${x.toFixed(3)},${y.toFixed(3)}`;
		const all = new Set(tiles.map((t) => key(t.x, t.y)));
		expect(all.has(key(1280, 548.5))).toBe(true);
		for (const t of tiles) expect(all.has(key(2560 - t.x, 1097 - t.y))).toBe(true);
	});

	it('stays small for a tiny picture and bounded for a long panorama', () => {
		expect(layout({ width: 16, height: 16 }).tiles).toHaveLength(1);
		const panorama = layout({ width: 20_000, height: 200 });
		expect(panorama.fontSize).toBe(MIN_WATERMARK_FONT_PX);
		expect(panorama.tiles.length).toBeGreaterThan(100);
		expect(panorama.tiles.length).toBeLessThan(2000);
	});
});
