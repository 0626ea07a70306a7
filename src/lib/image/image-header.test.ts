import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-header';
import { fixtureBytes } from '../../../tests/support/fixtures';

function bytes(...parts: Array<string | number[]>): Uint8Array<ArrayBuffer> {
	const flat = parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p));
	return Uint8Array.from(flat);
}

const u16le = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
const u24le = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number): number[] => [...u16le(n & 0xffff), ...u16le(n >>> 16)];
const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

function box(type: string, ...payload: number[][]): number[] {
	const body = payload.flat();
	return [...u32be(body.length + 8), ...Array.from(type, (c) => c.charCodeAt(0)), ...body];
}

/** ftyp + meta/iprp/ipco with the given `ispe` sizes. */
function heif(brands: string[], sizes: Array<[number, number]>): Uint8Array<ArrayBuffer> {
	const chars = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
	const ftyp = box('ftyp', chars(brands[0] ?? ''), [0, 0, 0, 0], ...brands.slice(1).map(chars));
	const ispes = sizes.map(([w, h]) => box('ispe', [0, 0, 0, 0], u32be(w), u32be(h)));
	const meta = box(
		'meta',
		[0, 0, 0, 0],
		box('hdlr', [0, 0, 0, 0], [0, 0, 0, 0], chars('pict')),
		box('iprp', box('ipco', ...ispes))
	);
	return Uint8Array.from([...ftyp, ...meta]);
}

describe('sniffImage', () => {
	it('reads the JPEG fixtures from their SOF', () => {
		expect(sniffImage(fixtureBytes('HMD_Nokia_8.3_5G.jpg'))).toEqual({
			format: 'jpeg',
			mime: 'image/jpeg',
			size: { width: 4608, height: 1976 }
		});
		expect(sniffImage(fixtureBytes('DSCN0010.jpg'))?.size).toEqual({ width: 640, height: 480 });
		expect(sniffImage(fixtureBytes('Canon_40D.jpg'))?.size).toEqual({ width: 100, height: 68 });
		// As stored: the EXIF orientation is applied elsewhere.
		expect(sniffImage(fixtureBytes('portrait_6.jpg'))?.size).toEqual({ width: 600, height: 450 });
		expect(sniffImage(fixtureBytes('corrupted.jpg'))?.size).toEqual({ width: 3648, height: 2736 });
	});

	it('reads the PNG bomb from its IHDR', () => {
		expect(sniffImage(fixtureBytes('bomb_30000x30000.png'))).toEqual({
			format: 'png',
			mime: 'image/png',
			size: { width: 30000, height: 30000 }
		});
	});

	it('tells an iPhone HEIC and reads its size from ispe', () => {
		expect(sniffImage(fixtureBytes('iphone_13_pro_max.HEIC'))).toEqual({
			format: 'heic',
			mime: 'image/heic',
			size: { width: 4032, height: 3024 }
		});
	});

	it.each(['heic', 'heix', 'hevc', 'mif1', 'msf1', 'heif'])('takes the brand %s for HEIC', (brand) => {
		expect(sniffImage(heif([brand], [[640, 480]]))?.format).toBe('heic');
	});

	it('tells AVIF from HEIC although AVIF lists mif1 too, and keeps the largest ispe', () => {
		const avif = heif(
			['avif', 'mif1', 'miaf'],
			[
				[512, 512],
				[8000, 6000],
				[256, 256]
			]
		);
		expect(sniffImage(avif)).toEqual({
			format: 'avif',
			mime: 'image/avif',
			size: { width: 8000, height: 6000 }
		});
		expect(sniffImage(heif(['mif1', 'avif'], [[10, 10]]))?.format).toBe('avif');
	});

	it('has no size for a HEIF without ispe or with a broken box', () => {
		expect(sniffImage(heif(['heic'], []))).toMatchObject({ format: 'heic', size: null });
		const broken = heif(['heic'], [[640, 480]]);
		broken.set(u32be(0xfffffff0), 16); // meta claims more bytes than the file has
		expect(sniffImage(broken)).toMatchObject({ format: 'heic', size: null });
	});

	it('reads GIF87a and GIF89a screens', () => {
		expect(sniffImage(bytes('GIF89a', u16le(320), u16le(200), [0, 0, 0]))).toEqual({
			format: 'gif',
			mime: 'image/gif',
			size: { width: 320, height: 200 }
		});
		expect(sniffImage(bytes('GIF87a', u16le(65535), u16le(65535), [0, 0, 0]))?.size).toEqual({
			width: 65535,
			height: 65535
		});
	});

	it('reads lossy, lossless and extended WebP', () => {
		const riff = (chunk: string, data: number[]): Uint8Array<ArrayBuffer> =>
			bytes('RIFF', u32le(data.length + 12), 'WEBP', chunk, u32le(data.length), data);
		const vp8 = riff('VP8 ', [
			0x10,
			0x02,
			0x00,
			0x9d,
			0x01,
			0x2a,
			...u16le(1920),
			...u16le(1080 | 0x4000),
			0,
			0
		]);
		expect(sniffImage(vp8)).toEqual({
			format: 'webp',
			mime: 'image/webp',
			size: { width: 1920, height: 1080 }
		});
		const bits = (4000 - 1) | ((3000 - 1) << 14);
		expect(sniffImage(riff('VP8L', [0x2f, ...u32le(bits), 0, 0, 0, 0, 0]))?.size).toEqual({
			width: 4000,
			height: 3000
		});
		const vp8x = riff('VP8X', [0x10, 0, 0, 0, ...u24le(30000 - 1), ...u24le(20000 - 1), 0, 0]);
		expect(sniffImage(vp8x)?.size).toEqual({ width: 30000, height: 20000 });
		expect(sniffImage(riff('VP8 ', [0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0]))).toMatchObject({
			size: null
		});
	});

	it('reads BMP info and core headers, bottom-up and top-down', () => {
		const info = (w: number, h: number): Uint8Array<ArrayBuffer> =>
			bytes('BM', u32le(0), u32le(0), u32le(54), u32le(40), u32le(w), u32le(h >>> 0), u16le(1), u16le(24));
		expect(sniffImage(info(800, 600))).toEqual({
			format: 'bmp',
			mime: 'image/bmp',
			size: { width: 800, height: 600 }
		});
		expect(sniffImage(info(800, -600))?.size).toEqual({ width: 800, height: 600 });
		const core = bytes(
			'BM',
			u32le(0),
			u32le(0),
			u32le(26),
			u32le(12),
			u16le(64),
			u16le(32),
			u16le(1),
			u16le(24)
		);
		expect(sniffImage(core)?.size).toEqual({ width: 64, height: 32 });
	});

	it('has no size for a JPEG whose height comes later (DNL) or that has no frame', () => {
		const jpeg = fixtureBytes('Canon_40D.jpg');
		jpeg.set([0, 0], 5798 + 5);
		expect(sniffImage(jpeg)).toMatchObject({ format: 'jpeg', size: null });
		expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0, 0, 0, 0, 0]))).toMatchObject({
			size: null
		});
	});

	it('knows nothing else', () => {
		expect(sniffImage(bytes('Just some text, not a photo.'))).toBeNull();
		expect(sniffImage(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(sniffImage(bytes([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0, 0, 0]))).toBeNull(); // TIFF
		expect(sniffImage(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0], 'isommp42'))).toBeNull(); // MP4
		expect(sniffImage(bytes([0xff, 0xd8, 0xff]))).toBeNull();
		expect(sniffImage(new Uint8Array(0))).toBeNull();
	});
});
