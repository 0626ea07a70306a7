import { describe, expect, it } from 'vitest';
import { fitWithin, inspectPhoto, MAX_INPUT_BYTES, orientedSize } from './inspect-photo';
import { PrepareError, type PrepareErrorCode } from './prepare-error';
import { fixtureBytes } from '../../../tests/support/fixtures';

function refusal(bytes: Uint8Array): { code: PrepareErrorCode; message: string } {
	try {
		inspectPhoto(bytes);
	} catch (e) {
		if (e instanceof PrepareError) return { code: e.code, message: e.message };
		throw e;
	}
	throw new Error('not refused');
}

/** A PNG signature and IHDR claiming the given size; nothing after it. */
function pngHeader(width: number, height: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(33);
	out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
	const view = new DataView(out.buffer);
	view.setUint32(16, width);
	view.setUint32(20, height);
	return out;
}

describe('inspectPhoto', () => {
	it('accepts the good photos, with their shown size', () => {
		expect(inspectPhoto(fixtureBytes('HMD_Nokia_8.3_5G.jpg'))).toMatchObject({
			header: { format: 'jpeg' },
			orientation: 1,
			shownSize: { width: 4608, height: 1976 }
		});
		expect(inspectPhoto(fixtureBytes('portrait_6.jpg'))).toMatchObject({
			orientation: 6,
			shownSize: { width: 450, height: 600 }
		});
		expect(inspectPhoto(fixtureBytes('landscape_8.jpg'))).toMatchObject({
			orientation: 8,
			shownSize: { width: 600, height: 450 }
		});
		expect(inspectPhoto(fixtureBytes('Canon_40D.jpg')).shownSize).toEqual({ width: 100, height: 68 });
	});

	it('refuses the bomb from its header, fast, saying how big it is', () => {
		const bomb = fixtureBytes('bomb_30000x30000.png');
		const started = performance.now();
		expect(refusal(bomb)).toEqual({
			code: 'too-large',
			message: 'This image is too large to open safely (30000 × 30000).'
		});
		expect(performance.now() - started).toBeLessThan(100);
	});

	it('draws the line at 20000 px a side and 100 megapixels', () => {
		expect(inspectPhoto(pngHeader(20000, 5000)).shownSize).toEqual({ width: 20000, height: 5000 });
		expect(refusal(pngHeader(20001, 10)).code).toBe('too-large');
		expect(refusal(pngHeader(10, 20001)).code).toBe('too-large');
		expect(refusal(pngHeader(10001, 10000)).code).toBe('too-large');
		expect(refusal(pngHeader(0xffffffff, 1)).code).toBe('too-large');
	});

	it('refuses the damaged JPEG as corrupt', () => {
		expect(refusal(fixtureBytes('corrupted.jpg'))).toEqual({
			code: 'corrupt',
			message: "This photo is damaged and can't be opened."
		});
	});

	it('lets HEIC through to the decoder, which alone knows if it can read it', () => {
		expect(inspectPhoto(fixtureBytes('iphone_13_pro_max.HEIC'))).toMatchObject({
			header: { format: 'heic', mime: 'image/heic' },
			orientation: 1
		});
	});

	it('refuses what is not an image', () => {
		const text = new TextEncoder().encode('Just some text, not a photo. '.repeat(10));
		expect(refusal(text).code).toBe('not-an-image');
		expect(refusal(new Uint8Array(0)).code).toBe('not-an-image');
	});

	it('refuses a known format whose size cannot be read as corrupt', () => {
		const png = pngHeader(100, 100);
		png.set([0x58, 0x58, 0x58, 0x58], 12); // IHDR renamed
		expect(refusal(png).code).toBe('corrupt');
	});

	it('refuses more than 80 MB before looking at the bytes', () => {
		expect(refusal(new Uint8Array(MAX_INPUT_BYTES + 1)).code).toBe('file-too-big');
	});
});

describe('orientedSize', () => {
	it('swaps the sides for orientations 5 to 8 only', () => {
		const size = { width: 600, height: 450 };
		for (const o of [1, 2, 3, 4]) expect(orientedSize(size, o)).toEqual(size);
		for (const o of [5, 6, 7, 8]) expect(orientedSize(size, o)).toEqual({ width: 450, height: 600 });
	});
});

describe('fitWithin', () => {
	it('scales the long edge down to the limit, rounding the short edge down', () => {
		expect(fitWithin({ width: 4608, height: 1976 }, 2560)).toEqual({ width: 2560, height: 1097 });
		expect(fitWithin({ width: 1976, height: 4608 }, 2560)).toEqual({ width: 1097, height: 2560 });
		expect(fitWithin({ width: 3000, height: 3000 }, 2560)).toEqual({ width: 2560, height: 2560 });
	});

	it('never scales up and never makes a side 0', () => {
		expect(fitWithin({ width: 600, height: 450 }, 2560)).toEqual({ width: 600, height: 450 });
		expect(fitWithin({ width: 2560, height: 10 }, 2560)).toEqual({ width: 2560, height: 10 });
		expect(fitWithin({ width: 20000, height: 1 }, 2560)).toEqual({ width: 2560, height: 1 });
	});
});
