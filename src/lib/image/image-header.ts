/**
 * Tells an image's format and pixel size from its first bytes, so that a decompression bomb can
 * be refused before any decoder allocates memory for it.
 */
import { boxes, childBox, topLevelBox } from './iso-boxes';
import { SOS, walkJpeg } from './jpeg-segments';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'heic' | 'avif';

export interface PixelSize {
	width: number;
	height: number;
}

export interface ImageHeader {
	format: ImageFormat;
	mime: string;
	/** As stored, before any EXIF orientation; null when the header does not say. */
	size: PixelSize | null;
}

const MIME: Record<ImageFormat, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
	heic: 'image/heic',
	avif: 'image/avif'
};

/** ISO-BMFF brands of HEIF files whose pictures are HEVC-coded (what iPhones write). */
const HEIC_BRANDS = new Set([
	'heic',
	'heix',
	'hevc',
	'hevx',
	'heim',
	'heis',
	'hevm',
	'hevs',
	'mif1',
	'msf1',
	'heif'
]);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, at: number, length: number): string {
	return String.fromCharCode(...bytes.subarray(at, at + length));
}

function viewOf(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function sizeOrNull(width: number, height: number): PixelSize | null {
	return width > 0 && height > 0 ? { width, height } : null;
}

/** The image's format and size, or null if the bytes are no image format we know. */
export function sniffImage(bytes: Uint8Array): ImageHeader | null {
	const format = sniffFormat(bytes);
	if (format === null) return null;
	return { format, mime: MIME[format], size: readSize(format, bytes) };
}

function sniffFormat(bytes: Uint8Array): ImageFormat | null {
	if (bytes.length < 12) return null;
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
	if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
	if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
	if (ascii(bytes, 4, 4) === 'ftyp') return sniffIsoBrand(bytes);
	return null;
}

function sniffIsoBrand(bytes: Uint8Array): ImageFormat | null {
	const boxSize = viewOf(bytes).getUint32(0);
	const end = Math.min(boxSize, bytes.length);
	const brands = [ascii(bytes, 8, 4)];
	for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, 4));
	if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
	if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
	return null;
}

function readSize(format: ImageFormat, bytes: Uint8Array): PixelSize | null {
	switch (format) {
		case 'jpeg':
			return jpegSize(bytes);
		case 'png':
			return pngSize(bytes);
		case 'gif':
			return gifSize(bytes);
		case 'webp':
			return webpSize(bytes);
		case 'bmp':
			return bmpSize(bytes);
		case 'heic':
		case 'avif':
			return heifSize(bytes);
	}
}

/** SOFn markers: C0..CF less DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Uint8Array): PixelSize | null {
	const view = viewOf(bytes);
	for (const part of walkJpeg(bytes)) {
		if (part.kind === 'broken' || part.kind === 'scan-data') return null;
		if (part.kind !== 'segment') continue;
		if (part.marker === SOS) return null;
		if (isStartOfFrame(part.marker) && part.end - part.dataStart >= 5) {
			// A height of 0 means "given later by DNL": unknown here, so treated as unreadable.
			return sizeOrNull(view.getUint16(part.dataStart + 3), view.getUint16(part.dataStart + 1));
		}
	}
	return null;
}

function pngSize(bytes: Uint8Array): PixelSize | null {
	if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return null;
	const view = viewOf(bytes);
	return sizeOrNull(view.getUint32(16), view.getUint32(20));
}

function gifSize(bytes: Uint8Array): PixelSize | null {
	const view = viewOf(bytes);
	return sizeOrNull(view.getUint16(6, true), view.getUint16(8, true));
}

function webpSize(bytes: Uint8Array): PixelSize | null {
	if (bytes.length < 30) return null;
	const view = viewOf(bytes);
	const chunk = ascii(bytes, 12, 4);
	const data = 20;
	if (chunk === 'VP8 ') {
		// Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
		if (bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) return null;
		return sizeOrNull(view.getUint16(data + 6, true) & 0x3fff, view.getUint16(data + 8, true) & 0x3fff);
	}
	if (chunk === 'VP8L') {
		if (bytes[data] !== 0x2f) return null;
		const bits = view.getUint32(data + 1, true);
		return sizeOrNull((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8X') {
		const u24 = (at: number): number => view.getUint16(at, true) | ((bytes[at + 2] ?? 0) << 16);
		return sizeOrNull(u24(data + 4) + 1, u24(data + 7) + 1);
	}
	return null;
}

function bmpSize(bytes: Uint8Array): PixelSize | null {
	const view = viewOf(bytes);
	const headerSize = view.getUint32(14, true);
	if (headerSize === 12) return sizeOrNull(view.getUint16(18, true), view.getUint16(20, true));
	if (headerSize < 40) return null;
	// A negative height means rows are stored top-down.
	return sizeOrNull(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
}

/**
 * HEIF/AVIF: every `ispe` (image spatial extent) property in meta/iprp/ipco, in file order: one
 * for the whole picture, one per tile of a grid, one per thumbnail. Each is checked against the
 * bomb limits, since a decoder allocates for every one it decodes.
 */
export function heifExtents(bytes: Uint8Array): PixelSize[] {
	const view = viewOf(bytes);
	const meta = topLevelBox(bytes, 'meta');
	const iprp = meta && childBox(bytes, meta, 'iprp', true);
	const ipco = iprp && childBox(bytes, iprp, 'ipco', false);
	if (!ipco) return [];
	const sizes: PixelSize[] = [];
	for (const box of boxes(bytes, ipco.body, ipco.end)) {
		if (box.type !== 'ispe' || box.body + 12 > box.end) continue;
		sizes.push({ width: view.getUint32(box.body + 4), height: view.getUint32(box.body + 8) });
	}
	return sizes;
}

/** HEIF/AVIF: the largest `ispe`, which for a grid image is the whole picture's. */
function heifSize(bytes: Uint8Array): PixelSize | null {
	let best: PixelSize | null = null;
	for (const size of heifExtents(bytes)) {
		if (best === null || size.width * size.height > best.width * best.height) best = size;
	}
	return best && sizeOrNull(best.width, best.height);
}
