import { describe, expect, it } from 'vitest';
import { brushSide, brushStroke, dragRect, toPicture, turnedSize } from './edit-geometry';

const picture = { width: 2000, height: 1000 };

describe('toPicture', () => {
	it('maps a pointer on the scaled picture to its pixels, kept inside', () => {
		const shown = { left: 10, top: 20, width: 340, height: 170 };
		expect(toPicture({ x: 10, y: 20 }, shown, picture)).toEqual({ x: 0, y: 0 });
		const middle = toPicture({ x: 180, y: 105 }, shown, picture);
		expect(middle.x).toBeCloseTo(1000, 6);
		expect(middle.y).toBeCloseTo(500, 6);
		expect(toPicture({ x: 400, y: -5 }, shown, picture)).toEqual({ x: 2000, y: 0 });
	});
});

describe('dragRect', () => {
	it('covers a drag either way, in whole pixels inside the picture', () => {
		expect(dragRect({ x: 50.5, y: 70.2 }, { x: 10.7, y: 20 }, picture)).toEqual({
			x: 10,
			y: 20,
			width: 41,
			height: 51
		});
		expect(dragRect({ x: -100, y: 900 }, { x: 100, y: 2000 }, picture)).toEqual({
			x: 0,
			y: 900,
			width: 100,
			height: 100
		});
	});

	it('is no rectangle for a tap', () => {
		expect(dragRect({ x: 5, y: 5 }, { x: 7, y: 40 }, picture, 8)).toBeNull();
		expect(dragRect({ x: 5, y: 5 }, { x: 5, y: 5 }, picture)).toBeNull();
	});
});

describe('brushStroke', () => {
	it('leaves no gap along a fast stroke', () => {
		const side = 24;
		const dabs = brushStroke({ x: 100, y: 100 }, { x: 700, y: 100 }, side, picture);
		expect(dabs.length).toBeGreaterThanOrEqual(50);
		for (let x = 100; x <= 700; x++) {
			expect(dabs.some((d) => d.x <= x && x < d.x + d.width && d.y <= 100 && 100 < d.y + d.height)).toBe(
				true
			);
		}
	});

	it('sizes the brush to the picture, never tiny', () => {
		expect(brushSide({ width: 300, height: 200 })).toBe(24);
		expect(brushSide({ width: 4032, height: 3024 })).toBe(151);
	});
});

it('turns a size a quarter turn', () => {
	expect(turnedSize({ width: 3, height: 2 })).toEqual({ width: 2, height: 3 });
});
