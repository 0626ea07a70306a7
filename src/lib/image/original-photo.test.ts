import { describe, expect, it } from 'vitest';
import { inspectPhoto } from './inspect-photo';
import { checkJpegIntegrity } from './jpeg-integrity';
import { walkJpeg } from './jpeg-segments';
import { hasMetadata, listMetadata } from './jpeg-metadata';
import { chooseOriginalRoute, sameOrTurned, stripUprightJpeg } from './original-photo';
import { PrepareError } from './prepare-error';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { codedPicture } from '../../../tests/support/jpeg-parts';

/** Every segment other than APPn and COM, in order, byte for byte: tables and frame header. */
function codingSegments(jpeg: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (const part of walkJpeg(jpeg)) {
		if (part.kind !== 'segment') continue;
		if ((part.marker >= 0xe0 && part.marker <= 0xef) || part.marker === 0xfe) continue;
		out.push(jpeg.subarray(part.start, part.end));
	}
	return out;
}

/** Byte equality without vitest's deep diff, which is slow on megabytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return Buffer.compare(a, b) === 0;
}

function contains(haystack: Uint8Array, needle: string): boolean {
	return new TextDecoder('latin1').decode(haystack).includes(needle);
}

function headerOnly(format: string): Uint8Array {
	const bytes: Record<string, number[]> = {
		png: [
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0,
			0, 6
		],
		gif: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 8, 0, 6, 0, 0, 0, 0]
	};
	return Uint8Array.from(bytes[format] ?? []);
}

describe('chooseOriginalRoute', () => {
	it('strips an upright JPEG losslessly', () => {
		for (const name of ['HMD_Nokia_8.3_5G.jpg', 'DSCN0010.jpg', 'Canon_40D.jpg']) {
			expect(chooseOriginalRoute(inspectPhoto(fixtureBytes(name))), name).toBe('strip');
		}
	});

	it('re-encodes a JPEG whose EXIF turns it, since the EXIF goes', () => {
		expect(chooseOriginalRoute(inspectPhoto(fixtureBytes('portrait_6.jpg')))).toBe('jpeg');
		expect(chooseOriginalRoute(inspectPhoto(fixtureBytes('landscape_8.jpg')))).toBe('jpeg');
		for (let orientation = 2; orientation <= 8; orientation++) {
			const inspection = { ...inspectPhoto(fixtureBytes('DSCN0010.jpg')), orientation };
			expect(chooseOriginalRoute(inspection)).toBe('jpeg');
		}
	});

	it('redraws other formats as PNG, and a HEIC as JPEG', () => {
		expect(chooseOriginalRoute(inspectPhoto(headerOnly('png')))).toBe('png');
		expect(chooseOriginalRoute(inspectPhoto(headerOnly('gif')))).toBe('png');
		expect(chooseOriginalRoute(inspectPhoto(fixtureBytes('iphone_13_pro_max.HEIC')))).toBe('jpeg');
	});
});

describe('stripUprightJpeg', () => {
	it('gives the HMD photo at full size with no EXIF, GPS or APP1, and its coded picture untouched', () => {
		const input = fixtureBytes('HMD_Nokia_8.3_5G.jpg');
		expect(listMetadata(input)).toContain('exif');
		expect(contains(input, 'Exif')).toBe(true);
		// The strip is done in the input's own buffer.
		const out = stripUprightJpeg(input.slice(), inspectPhoto(input));
		expect(out.width).toBe(4608);
		expect(out.height).toBe(1976);
		expect(hasMetadata(out.bytes)).toBe(false);
		expect(checkJpegIntegrity(out.bytes).ok).toBe(true);
		const markers = [...walkJpeg(out.bytes)].flatMap((p) => ('marker' in p ? [p.marker] : []));
		expect(markers).not.toContain(0xe1);
		expect(contains(out.bytes, 'Exif')).toBe(false);
		expect(contains(out.bytes, 'GPS')).toBe(false);
		expect(contains(out.bytes, 'HMD')).toBe(false);
		expect(sameBytes(codedPicture(out.bytes), codedPicture(input))).toBe(true);
		expect(codingSegments(out.bytes)).toEqual(codingSegments(input));
		expect(out.bytes.length).toBeLessThan(input.length);
	});

	it.each(['DSCN0010.jpg', 'Canon_40D.jpg'])('drops EXIF, XMP and the ICC profile of %s', (name) => {
		const input = fixtureBytes(name);
		const out = stripUprightJpeg(input.slice(), inspectPhoto(input));
		expect(listMetadata(out.bytes)).toEqual([]);
		expect(sameBytes(codedPicture(out.bytes), codedPicture(input))).toBe(true);
		expect(codingSegments(out.bytes)).toEqual(codingSegments(input));
	});

	it('uses the walk of its inspection once: a second strip of the same array walks it again', () => {
		const input = fixtureBytes('DSCN0010.jpg');
		const inspection = inspectPhoto(input);
		expect(inspection.jpegWalk?.of).toBe(input);
		stripUprightJpeg(input, inspection);
		expect(inspection.jpegWalk).toBeNull();
		// The array now holds zeros ahead of the stripped view: walked afresh, it is no JPEG.
		expect(() => stripUprightJpeg(input, inspection)).toThrow(PrepareError);
	});

	it('refuses a JPEG that must turn, which would show sideways without its EXIF', () => {
		const input = fixtureBytes('portrait_6.jpg');
		expect(() => stripUprightJpeg(input, inspectPhoto(input))).toThrow(PrepareError);
	});

	it('says corrupt where the stream cannot be walked to its end', () => {
		const input = fixtureBytes('DSCN0010.jpg');
		const inspection = inspectPhoto(input);
		const cut = input.subarray(0, input.length - 2);
		// A cut that keeps no EOI: the walk ends in the coded data.
		const error = (() => {
			try {
				stripUprightJpeg(cut, inspection);
			} catch (e) {
				return e;
			}
			return null;
		})();
		expect(error).toBeInstanceOf(PrepareError);
		expect(error).toMatchObject({ code: 'corrupt' });
	});
});

describe('sameOrTurned', () => {
	it('accepts the same size or a quarter turn of it', () => {
		expect(sameOrTurned({ width: 4, height: 3 }, { width: 4, height: 3 })).toBe(true);
		expect(sameOrTurned({ width: 3, height: 4 }, { width: 4, height: 3 })).toBe(true);
		expect(sameOrTurned({ width: 4, height: 4 }, { width: 4, height: 3 })).toBe(false);
	});
});
