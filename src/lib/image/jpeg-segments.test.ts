import { describe, expect, it } from 'vitest';
import { checkJpegIntegrity } from './jpeg-integrity';
import { walkJpeg } from './jpeg-segments';
import {
	hasMetadata,
	JpegStructureError,
	listMetadata,
	readExifOrientation,
	stripJpegMetadata,
	stripJpegMetadataInPlace
} from './jpeg-metadata';
import { concatBytes, fixtureBytes } from '../../../tests/support/fixtures';
import { codedPicture } from '../../../tests/support/jpeg-parts';

function segment(marker: number, payload: number[] | string): Uint8Array<ArrayBuffer> {
	const body = typeof payload === 'string' ? Array.from(payload, (c) => c.charCodeAt(0)) : payload;
	const length = body.length + 2;
	return Uint8Array.from([0xff, marker, length >> 8, length & 0xff, ...body]);
}

/** Inserts segments right after SOI. */
function withSegments(jpeg: Uint8Array, ...segments: Uint8Array[]): Uint8Array<ArrayBuffer> {
	return concatBytes(jpeg.subarray(0, 2), ...segments, jpeg.subarray(2));
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0];
const PHOTOS = ['HMD_Nokia_8.3_5G.jpg', 'DSCN0010.jpg', 'Canon_40D.jpg', 'portrait_6.jpg', 'landscape_8.jpg'];
const ADOBE_APP14 = segment(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 1]);
const PLAIN_JFIF = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

describe('walkJpeg', () => {
	it('walks a phone photo from SOI to EOI', () => {
		const parts = [...walkJpeg(fixtureBytes('HMD_Nokia_8.3_5G.jpg'))];
		const markers = parts.map((p) => ('marker' in p ? p.marker.toString(16) : p.kind));
		expect(markers).toEqual([
			'd8',
			'e1',
			'e0',
			'db',
			'db',
			'c0',
			'c4',
			'c4',
			'c4',
			'c4',
			'da',
			'scan-data',
			'd9'
		]);
	});

	it('reports a file without SOI', () => {
		expect([...walkJpeg(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))]).toEqual([
			{ kind: 'broken', reason: 'no-soi', offset: 0 }
		]);
	});

	it('reports bytes after EOI as a trailer', () => {
		const jpeg = concatBytes(fixtureBytes('Canon_40D.jpg'), [1, 2, 3]);
		expect([...walkJpeg(jpeg)].at(-1)).toEqual({
			kind: 'trailer',
			start: jpeg.length - 3,
			end: jpeg.length
		});
	});
});

describe('listMetadata / hasMetadata', () => {
	it('names what each fixture carries', () => {
		expect(listMetadata(fixtureBytes('HMD_Nokia_8.3_5G.jpg'))).toEqual(['exif']);
		expect(listMetadata(fixtureBytes('DSCN0010.jpg'))).toEqual(['exif', 'xmp']);
		expect(listMetadata(fixtureBytes('Canon_40D.jpg'))).toEqual(['exif', 'icc']);
		expect(listMetadata(fixtureBytes('portrait_6.jpg'))).toEqual(['icc', 'exif']);
		expect(listMetadata(fixtureBytes('corrupted.jpg'))).toEqual(['exif', 'unreadable']);
	});

	it('is true for every fixture photo, which all carry EXIF', () => {
		for (const name of PHOTOS) expect(hasMetadata(fixtureBytes(name)), name).toBe(true);
	});

	it('counts comments, JFIF thumbnails and trailers, not a bare JFIF header or Adobe APP14', () => {
		const bare = stripJpegMetadata(fixtureBytes('Canon_40D.jpg'));
		expect(hasMetadata(bare)).toBe(false);
		expect(hasMetadata(withSegments(bare, ADOBE_APP14))).toBe(false);
		expect(listMetadata(withSegments(bare, segment(0xfe, 'shot by Alice')))).toEqual(['comment']);
		const jfifWithThumb = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 9, 9, 9]);
		expect(listMetadata(withSegments(bare, jfifWithThumb))).toEqual(['jfif-extra']);
		expect(listMetadata(concatBytes(bare, [0, 0, 0, 0x66, 0x74, 0x79, 0x70]))).toEqual(['trailer']);
		expect(hasMetadata(Uint8Array.from([1, 2, 3]))).toBe(true);
	});
});

describe('stripJpegMetadata', () => {
	it.each(PHOTOS)('leaves %s without metadata and its coded picture untouched', (name) => {
		const original = fixtureBytes(name);
		const stripped = stripJpegMetadata(original);
		expect(hasMetadata(stripped)).toBe(false);
		expect(checkJpegIntegrity(stripped)).toEqual({ ok: true });
		expect(readExifOrientation(stripped)).toBe(1);
		// Buffer.equals: toEqual walks megabytes element by element.
		expect(Buffer.from(codedPicture(stripped)).equals(codedPicture(original))).toBe(true);
		expect(stripped.length).toBeLessThan(original.length);
	});

	it('keeps the tables and frame in order and drops only metadata', () => {
		const stripped = stripJpegMetadata(fixtureBytes('Canon_40D.jpg'));
		const markers = [...walkJpeg(stripped)].flatMap((p) => ('marker' in p ? [p.marker.toString(16)] : []));
		expect(markers).toEqual(['d8', 'e0', 'db', 'db', 'c0', 'c4', 'c4', 'c4', 'c4', 'da', 'd9']);
		// 7958 bytes less APP1 (2478) and APP2 (3162).
		expect(stripped.length).toBe(7958 - 2478 - 3162);
	});

	it('removes GPS: no "GPS" IFD bytes, no coordinates text left', () => {
		const stripped = stripJpegMetadata(fixtureBytes('DSCN0010.jpg'));
		const text = Buffer.from(stripped).toString('latin1');
		expect(text).not.toContain('Exif');
		expect(text).not.toContain('NIKON');
		expect(text).not.toContain('adobe');
	});

	it('keeps a bare JFIF header and Adobe APP14, drops comments, JFXX and trailers', () => {
		const base = stripJpegMetadata(fixtureBytes('Canon_40D.jpg'));
		const noJfif = concatBytes(base.subarray(0, 2), base.subarray(20));
		const jfxx = segment(0xe0, 'JFXX\0\x10thumbnail');
		const dirty = concatBytes(
			withSegments(noJfif, PLAIN_JFIF, jfxx, segment(0xfe, 'hi'), ADOBE_APP14),
			[7, 7, 7]
		);
		const stripped = stripJpegMetadata(dirty);
		expect(stripped).toEqual(withSegments(noJfif, PLAIN_JFIF, ADOBE_APP14));
	});

	it('drops stray bytes between segments', () => {
		const base = stripJpegMetadata(fixtureBytes('Canon_40D.jpg'));
		const dirty = concatBytes(base.subarray(0, 20), [0, 0, 0], base.subarray(20));
		expect(stripJpegMetadata(dirty)).toEqual(base);
	});

	it('throws JpegStructureError on a stream it cannot walk', () => {
		const cut = fixtureBytes('DSCN0010.jpg').subarray(0, 80_000);
		expect(() => stripJpegMetadata(cut)).toThrow(JpegStructureError);
		expect(() => stripJpegMetadata(fixtureBytes('corrupted.jpg'))).toThrow(/reserved-marker at byte 229375/);
	});
});

describe('stripJpegMetadataInPlace', () => {
	/** Every byte of `view`'s buffer outside it is zero. */
	function zeroAround(view: Uint8Array): boolean {
		const all = new Uint8Array(view.buffer);
		const before = all.subarray(0, view.byteOffset);
		const after = all.subarray(view.byteOffset + view.length);
		return before.every((b) => b === 0) && after.every((b) => b === 0);
	}

	it.each(PHOTOS)('gives the bytes stripJpegMetadata gives for %s, in its own buffer', (name) => {
		const input = fixtureBytes(name);
		const copied = stripJpegMetadata(input);
		const buffer = input.buffer;
		const eoiEnd = [...walkJpeg(input)].flatMap((p) =>
			p.kind === 'standalone' && p.marker === 0xd9 ? [p.end] : []
		);
		const { stripped, parts } = stripJpegMetadataInPlace(input);
		expect(stripped.buffer).toBe(buffer);
		expect(Buffer.from(stripped).equals(copied)).toBe(true);
		expect(zeroAround(stripped)).toBe(true);
		// The scan stays where it was: the stripped bytes end where the file's EOI did.
		expect(stripped.byteOffset + stripped.length).toBe(eoiEnd[0]);
		expect(parts).toEqual([...walkJpeg(copied)]);
	});

	it('moves only what comes before the last metadata, and zeroes a trailer', () => {
		const base = stripJpegMetadata(fixtureBytes('Canon_40D.jpg'));
		const noJfif = concatBytes(base.subarray(0, 2), base.subarray(20));
		const dirty = concatBytes(
			withSegments(noJfif, PLAIN_JFIF, segment(0xfe, 'secret'), ADOBE_APP14, segment(0xe1, 'GPS here')),
			[7, 7, 7, 7]
		);
		const { stripped } = stripJpegMetadataInPlace(dirty.slice());
		expect(stripped).toEqual(withSegments(noJfif, PLAIN_JFIF, ADOBE_APP14));
		// Only the segments ahead of the last metadata moved: the scan ends where it did.
		expect(stripped.byteOffset + stripped.length).toBe(dirty.length - 4);
		expect(zeroAround(stripped)).toBe(true);
		const text = Buffer.from(stripped.buffer).toString('latin1');
		expect(text).not.toContain('secret');
		expect(text).not.toContain('GPS');
	});

	it('keeps the order of what it keeps where metadata sits between the scan and the tables', () => {
		// A comment just before SOS: the tables before it move up to meet the scan.
		const base = stripJpegMetadata(fixtureBytes('DSCN0010.jpg'));
		const sos = [...walkJpeg(base)].find((p) => p.kind === 'segment' && p.marker === 0xda);
		const at = sos && 'start' in sos ? sos.start : 0;
		expect(at).toBeGreaterThan(0);
		const dirty = concatBytes(base.subarray(0, at), segment(0xfe, 'x'.repeat(300)), base.subarray(at));
		const { stripped } = stripJpegMetadataInPlace(dirty);
		expect(Buffer.from(stripped).equals(base)).toBe(true);
		expect(zeroAround(stripped)).toBe(true);
	});

	it('throws JpegStructureError on a stream it cannot walk, as stripJpegMetadata does', () => {
		const cut = fixtureBytes('DSCN0010.jpg').subarray(0, 80_000);
		expect(() => stripJpegMetadataInPlace(cut)).toThrow(JpegStructureError);
	});
});

describe('readExifOrientation', () => {
	it('reads big-endian and little-endian EXIF', () => {
		expect(readExifOrientation(fixtureBytes('portrait_6.jpg'))).toBe(6);
		expect(readExifOrientation(fixtureBytes('landscape_8.jpg'))).toBe(8);
		expect(readExifOrientation(fixtureBytes('HMD_Nokia_8.3_5G.jpg'))).toBe(1);
		expect(readExifOrientation(fixtureBytes('Canon_40D.jpg'))).toBe(1);
		expect(readExifOrientation(fixtureBytes('DSCN0010.jpg'))).toBe(1);
	});

	it('is 1 without EXIF, for out-of-range values and for other formats', () => {
		expect(readExifOrientation(stripJpegMetadata(fixtureBytes('portrait_6.jpg')))).toBe(1);
		const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0];
		const bad = withSegments(
			stripJpegMetadata(fixtureBytes('Canon_40D.jpg')),
			segment(0xe1, EXIF_HEADER.concat(tiff))
		);
		expect(readExifOrientation(bad)).toBe(1);
		const good = withSegments(
			stripJpegMetadata(fixtureBytes('Canon_40D.jpg')),
			segment(0xe1, EXIF_HEADER.concat(tiff.map((b, i) => (i === 19 ? 3 : b))))
		);
		expect(readExifOrientation(good)).toBe(3);
		expect(readExifOrientation(fixtureBytes('bomb_30000x30000.png'))).toBe(1);
	});

	it('survives a truncated EXIF block', () => {
		// IFD0 claims 9 entries; the segment ends after two bytes of them.
		const exif = EXIF_HEADER.concat([0x49, 0x49, 42, 0, 8, 0, 0, 0, 9, 0]);
		const jpeg = withSegments(stripJpegMetadata(fixtureBytes('Canon_40D.jpg')), segment(0xe1, exif));
		expect(readExifOrientation(jpeg)).toBe(1);
	});
});
