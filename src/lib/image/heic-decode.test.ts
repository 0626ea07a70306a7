import { beforeAll, describe, expect, it } from 'vitest';
import { withDecodedHeic, type HeicPixels, type Libheif } from './heic-decode';
import { PrepareError } from './prepare-error';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { loadLibheifInNode } from '../../../tests/support/libheif-node';

const HEIC = fixtureBytes('iphone_13_pro_max.HEIC');

/** A libheif that fails the test if it is called at all. */
const untouchable = new Proxy({} as Libheif, {
	get(_, name) {
		throw new Error(`libheif was called (${String(name)})`);
	}
});

/** The fixture with every `ispe` property of `from` made to say `to`. */
function withIspe(from: [number, number], to: [number, number]): Uint8Array<ArrayBuffer> {
	const bytes = HEIC.slice();
	const view = new DataView(bytes.buffer);
	const text = Buffer.from(bytes);
	for (let at = text.indexOf('ispe'); at !== -1 && at < 8192; at = text.indexOf('ispe', at + 1)) {
		if (view.getUint32(at + 8) === from[0] && view.getUint32(at + 12) === from[1]) {
			view.setUint32(at + 8, to[0]);
			view.setUint32(at + 12, to[1]);
		}
	}
	return bytes;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof PrepareError) return e.code;
		throw e;
	}
	throw new Error('not refused');
}

/** Mean luma of the rows [from, to) as fractions of the height. */
function bandLuma({ data, width, height }: HeicPixels, from: number, to: number): number {
	let sum = 0;
	let n = 0;
	for (let y = Math.floor(from * height); y < Math.floor(to * height); y += 4) {
		for (let x = 0; x < width; x += 4) {
			const i = (y * width + x) * 4;
			sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
			n++;
		}
	}
	return sum / n;
}

describe('withDecodedHeic', () => {
	let lib: Libheif;
	beforeAll(async () => {
		lib = await loadLibheifInNode();
	});

	it('decodes the iPhone photo upright, as the phone shows it: portrait, ceiling at the top', async () => {
		const seen = await withDecodedHeic(lib, HEIC, async (pixels) => ({
			width: pixels.width,
			height: pixels.height,
			length: pixels.data.length,
			// A kitchen: a white ceiling at the top, a dark blue table mat at the bottom.
			top: bandLuma(pixels, 0, 0.1),
			bottom: bandLuma(pixels, 0.9, 1)
		}));
		// Stored as 4032 × 3024 tiles with a quarter turn (`irot`): libheif applies it.
		expect(seen).toMatchObject({ width: 3024, height: 4032, length: 3024 * 4032 * 4 });
		expect(seen.top).toBeGreaterThan(seen.bottom + 60);
	});

	it('refuses a bomb from its ispe before libheif is called', async () => {
		const bomb = withIspe([4032, 3024], [30000, 30000]);
		await expect(withDecodedHeic(untouchable, bomb, async () => null)).rejects.toMatchObject({
			code: 'too-large',
			message: 'This image is too large to open safely (30000 × 30000).'
		});
		const tall = withIspe([4032, 3024], [20001, 100]);
		expect(await refusal(withDecodedHeic(untouchable, tall, async () => null))).toBe('too-large');
	});

	it('has libheif refuse on its own past the limit it is given (a header that lied)', async () => {
		// 12.2 MP against a limit of 10: libheif's own check, whatever our header reading said.
		const decode = withDecodedHeic(lib, HEIC, async () => null, { maxPixels: 10_000_000 });
		expect(await refusal(decode)).toBe('too-large');
		// The tiles claim 512 × 512 but the grid 4032 × 3024 is checked by libheif as well.
		expect(await refusal(withDecodedHeic(lib, HEIC, async () => null, { maxPixels: 600_000 }))).toBe(
			'too-large'
		);
	});

	it('refuses a cut-off HEIC as corrupt before libheif is called', async () => {
		for (const end of [HEIC.length - 1, 1_100_000, 5000]) {
			expect(await refusal(withDecodedHeic(untouchable, HEIC.subarray(0, end), async () => null))).toBe(
				'corrupt'
			);
		}
	});

	it('refuses damaged picture data as corrupt, not decoded with holes', async () => {
		// The tiles' data wiped, or overwritten with noise: the HEVC decoder reports it. (A few
		// flipped bits inside a slice decode as a smudge, in libheif as in any HEVC decoder.)
		const wiped = HEIC.slice();
		wiped.fill(0, 10_000, 2_000_000);
		expect(await refusal(withDecodedHeic(lib, wiped, async () => null))).toBe('corrupt');
		const noise = HEIC.slice();
		for (let at = 10_000; at < 2_000_000; at++) noise[at] = (at * 2654435761) >>> 24;
		expect(await refusal(withDecodedHeic(lib, noise, async () => null))).toBe('corrupt');
		const noCodecConfig = HEIC.slice();
		noCodecConfig.set([0x78, 0x78, 0x78, 0x78], Buffer.from(HEIC).indexOf('hvcC'));
		expect(await refusal(withDecodedHeic(lib, noCodecConfig, async () => null))).toBe('corrupt');
	});

	it('refuses what is not a HEIC', async () => {
		const jpeg = fixtureBytes('DSCN0010.jpg');
		expect(await refusal(withDecodedHeic(untouchable, jpeg, async () => null))).toBe('not-an-image');
	});

	it('frees all it allocated in libheif, decoded or refused', async () => {
		const counts = { allocated: 0, freed: 0 };
		const counting = new Proxy(lib, {
			get(target, name: keyof Libheif) {
				const value = target[name];
				if (typeof value !== 'function') return value;
				return (...args: number[]) => {
					if (/^_heif_(context|decoding_options)_alloc$|^_malloc$/.test(name)) counts.allocated++;
					if (/_free$|_release$/.test(name)) counts.freed++;
					return (value as (...a: number[]) => unknown).apply(target, args);
				};
			}
		});
		await withDecodedHeic(counting, HEIC, async () => null);
		// Scratch, input, context, options; the handle and the image come back through pointers.
		expect(counts).toEqual({ allocated: 4, freed: 6 });
		const before = { ...counts };
		// Refused by libheif's own limit while decoding: the handle was had, the image never was.
		await refusal(withDecodedHeic(counting, HEIC, async () => null, { maxPixels: 10_000_000 }));
		const refused = { allocated: counts.allocated - before.allocated, freed: counts.freed - before.freed };
		expect(refused.freed).toBeGreaterThanOrEqual(refused.allocated);
		expect(refused.freed).toBeLessThanOrEqual(refused.allocated + 1);
	});
});
