import { describe, expect, it } from 'vitest';
import {
	blackOut,
	blockSize,
	crop,
	MIN_BLOCK,
	pixelate,
	redact,
	toBlockGrid,
	turnClockwise,
	type Pixels
} from './pixel-edits';

/** A picture whose every pixel says where it is: red = x, green = y, blue = a hash of both. */
function gradient(width: number, height: number): Pixels {
	const data = new Uint8ClampedArray(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data.set([x % 256, y % 256, (x * 31 + y * 17) % 256, 255], (y * width + x) * 4);
		}
	}
	return { width, height, data };
}

const at = (p: Pixels, x: number, y: number) => [
	...p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 4)
];

describe('turnClockwise', () => {
	it('swaps the sides and moves the top-left corner to the top right', () => {
		const p = gradient(3, 2);
		const t = turnClockwise(p);
		expect([t.width, t.height]).toEqual([2, 3]);
		expect(at(t, 1, 0)).toEqual(at(p, 0, 0));
		expect(at(t, 0, 0)).toEqual(at(p, 0, 1));
		expect(at(t, 0, 2)).toEqual(at(p, 2, 1));
		const back = turnClockwise(turnClockwise(turnClockwise(t)));
		expect(back.data).toEqual(p.data);
	});
});

describe('crop', () => {
	it('keeps exactly the rectangle', () => {
		const p = gradient(50, 40);
		const c = crop(p, { x: 10, y: 5, width: 20, height: 30 });
		expect([c.width, c.height]).toEqual([20, 30]);
		expect(at(c, 0, 0)).toEqual(at(p, 10, 5));
		expect(at(c, 19, 29)).toEqual(at(p, 29, 34));
	});

	it('refuses a rectangle outside the picture', () => {
		expect(() => crop(gradient(5, 5), { x: 6, y: 0, width: 3, height: 3 })).toThrow(RangeError);
	});
});

describe('blackOut', () => {
	it('makes the box opaque black and leaves everything else as it was', () => {
		const p = gradient(64, 48);
		const before = p.data.slice();
		const box = { x: 5, y: 7, width: 20, height: 9 };
		blackOut(p, box);
		for (let y = 0; y < 48; y++) {
			for (let x = 0; x < 64; x++) {
				const inBox = x >= 5 && x < 25 && y >= 7 && y < 16;
				const i = (y * 64 + x) * 4;
				if (inBox) expect(at(p, x, y)).toEqual([0, 0, 0, 255]);
				else expect([...p.data.subarray(i, i + 4)]).toEqual([...before.subarray(i, i + 4)]);
			}
		}
	});
});

describe('pixelate', () => {
	it('fills whole blocks of the grid with one colour each, the mean of the block', () => {
		const p = gradient(100, 70);
		const before = gradient(100, 70);
		pixelate(p, { x: 20, y: 20, width: 10, height: 30 }, 16);
		// Grown to the grid: x 16..32, y 16..64.
		expect(toBlockGrid(p, { x: 20, y: 20, width: 10, height: 30 }, 16)).toEqual({
			x: 16,
			y: 16,
			width: 16,
			height: 48
		});
		for (const [bx, by] of [
			[16, 16],
			[16, 32],
			[16, 48]
		] as const) {
			const colour = at(p, bx, by);
			let red = 0;
			for (let y = by; y < by + 16; y++) {
				for (let x = bx; x < bx + 16; x++) {
					expect(at(p, x, y)).toEqual(colour);
					red += at(before, x, y)[0]!;
				}
			}
			expect(colour[0]).toBe(Math.round(red / 256));
		}
		// Outside the grown box, untouched.
		expect(at(p, 15, 20)).toEqual(at(before, 15, 20));
		expect(at(p, 32, 20)).toEqual(at(before, 32, 20));
		expect(at(p, 20, 64)).toEqual(at(before, 20, 64));
	});

	it('keeps no detail inside a block: two different blocks of the same mean come out identical', () => {
		const a = gradient(16, 16);
		const b: Pixels = { width: 16, height: 16, data: a.data.slice().reverse() };
		// Reversing RGBA reverses channel order too: rebuild b as a's pixels in reverse order.
		for (let i = 0; i < 256; i++) b.data.set(a.data.subarray((255 - i) * 4, (255 - i) * 4 + 4), i * 4);
		pixelate(a, { x: 0, y: 0, width: 16, height: 16 }, 16);
		pixelate(b, { x: 0, y: 0, width: 16, height: 16 }, 16);
		expect(a.data).toEqual(b.data);
	});

	it('refuses blocks under the minimum', () => {
		expect(() => pixelate(gradient(40, 40), { x: 0, y: 0, width: 40, height: 40 }, MIN_BLOCK - 1)).toThrow(
			RangeError
		);
	});

	it('uses blocks of at least 16 px, larger on large pictures', () => {
		expect(blockSize({ width: 640, height: 480 })).toBe(16);
		expect(blockSize({ width: 2560, height: 1920 })).toBe(32);
	});
});

it('redact picks the style', () => {
	const p = gradient(64, 64);
	redact(p, { x: 0, y: 0, width: 8, height: 8 }, 'black');
	expect(at(p, 7, 7)).toEqual([0, 0, 0, 255]);
	redact(p, { x: 40, y: 40, width: 8, height: 8 }, 'pixelate');
	expect(at(p, 32, 32)).toEqual(at(p, 47, 47));
});
