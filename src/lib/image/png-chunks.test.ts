import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-header';
import { hasPngMetadata, listPngMetadata, PngStructureError, stripPngMetadata, walkPng } from './png-chunks';
import { concatBytes } from '../../../tests/support/fixtures';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A chunk with a made-up CRC: the walker copies CRCs, it does not check them. */
function chunk(type: string, data: Uint8Array | number[] | string = []): Uint8Array<ArrayBuffer> {
	const body = typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data);
	const head = new Uint8Array(8);
	new DataView(head.buffer).setUint32(0, body.length);
	head.set(
		Array.from(type, (c) => c.charCodeAt(0)),
		4
	);
	return concatBytes(head, body, [0xde, 0xad, 0xbe, 0xef]);
}

/** IHDR for an 8-bit RGBA picture. */
function ihdr(width: number, height: number): Uint8Array<ArrayBuffer> {
	const data = new Uint8Array(13);
	const view = new DataView(data.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	data.set([8, 6, 0, 0, 0], 8);
	return chunk('IHDR', data);
}

/** A 2x1 RGBA picture: one IDAT. */
const IDAT = chunk('IDAT', deflateSync(Uint8Array.from([0, 255, 0, 0, 255, 0, 0, 255, 128])));
const PICTURE = concatBytes(SIGNATURE, ihdr(2, 1), IDAT, chunk('IEND'));

/** The same picture with what phones and editors add, before and after the pixels. */
const TAGGED = concatBytes(
	SIGNATURE,
	ihdr(2, 1),
	chunk('iCCP', 'Display P3\0\0xyz'),
	chunk('eXIf', 'MM\0*\0\0\0\x08GPS 51.5N 0.12W'),
	chunk('tEXt', 'Author\0Quiet Otter'),
	chunk('pHYs', [0, 0, 11, 19, 0, 0, 11, 19, 1]),
	chunk('sRGB', [0]),
	IDAT,
	chunk('tIME', [7, 232, 1, 2, 3, 4, 5]),
	chunk('IEND'),
	new TextEncoder().encode('trailing secrets')
);

describe('walkPng', () => {
	it('walks every chunk and a trailer', () => {
		const parts = [...walkPng(TAGGED)].map((p) => (p.kind === 'chunk' ? p.type : p.kind));
		expect(parts).toEqual([
			'IHDR',
			'iCCP',
			'eXIf',
			'tEXt',
			'pHYs',
			'sRGB',
			'IDAT',
			'tIME',
			'IEND',
			'trailer'
		]);
	});

	it.each([
		['no signature', Uint8Array.from([1, 2, 3]), 'no-signature'],
		['a cut-off chunk', PICTURE.subarray(0, PICTURE.length - 5), 'truncated'],
		['no IEND', concatBytes(SIGNATURE, ihdr(2, 1), IDAT), 'truncated'],
		[
			'a chunk type that is not letters',
			concatBytes(SIGNATURE, ihdr(2, 1), chunk('ID4T', [1]), chunk('IEND')),
			'bad-chunk'
		]
	])('ends with broken for %s', (_, bytes, reason) => {
		expect([...walkPng(bytes)].at(-1)).toMatchObject({ kind: 'broken', reason });
	});
});

describe('listPngMetadata / hasPngMetadata', () => {
	it('lists every chunk that is not picture, and the trailer', () => {
		expect(listPngMetadata(TAGGED)).toEqual(['iCCP', 'eXIf', 'tEXt', 'pHYs', 'sRGB', 'tIME', 'trailer']);
		expect(hasPngMetadata(TAGGED)).toBe(true);
	});

	it('finds nothing in a bare picture, palette and transparency included', () => {
		expect(hasPngMetadata(PICTURE)).toBe(false);
		const paletted = concatBytes(
			SIGNATURE,
			ihdr(2, 1),
			chunk('PLTE', [0, 0, 0]),
			chunk('tRNS', [0]),
			IDAT,
			chunk('IEND')
		);
		expect(hasPngMetadata(paletted)).toBe(false);
	});

	it('counts what cannot be walked, or does not start with IHDR, as metadata', () => {
		expect(listPngMetadata(PICTURE.subarray(0, 20))).toEqual(['unreadable']);
		expect(hasPngMetadata(concatBytes(SIGNATURE, IDAT, ihdr(2, 1), chunk('IEND')))).toBe(true);
	});
});

describe('stripPngMetadata', () => {
	it('keeps the picture chunks byte for byte and drops the rest', () => {
		const stripped = stripPngMetadata(TAGGED);
		expect(stripped).toEqual(PICTURE);
		expect(hasPngMetadata(stripped)).toBe(false);
		expect(sniffImage(stripped)).toMatchObject({ format: 'png', size: { width: 2, height: 1 } });
		const text = new TextDecoder('latin1').decode(stripped);
		for (const secret of ['GPS', 'Quiet Otter', 'Display P3', 'trailing']) expect(text).not.toContain(secret);
	});

	it('leaves a bare picture as it is', () => {
		expect(stripPngMetadata(PICTURE)).toEqual(PICTURE);
	});

	it('throws on a file it cannot walk to IEND, or without IHDR first', () => {
		expect(() => stripPngMetadata(PICTURE.subarray(0, PICTURE.length - 1))).toThrow(PngStructureError);
		expect(() =>
			stripPngMetadata(concatBytes(SIGNATURE, chunk('tEXt', 'a\0b'), ihdr(2, 1), IDAT, chunk('IEND')))
		).toThrow(PngStructureError);
	});
});
