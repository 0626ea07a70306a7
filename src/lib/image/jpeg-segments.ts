/**
 * A JPEG marker walker (ITU-T T.81 B.1) and what is built on it: metadata detection, lossless
 * metadata stripping and the EXIF orientation. Works on bytes only, so it runs in Node, a worker
 * or a page alike.
 */

export const SOI = 0xd8;
export const EOI = 0xd9;
export const SOS = 0xda;
export const DRI = 0xdd;
export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const APP2 = 0xe2;
export const APP14 = 0xee;
export const APP15 = 0xef;
export const COM = 0xfe;

export type JpegPart =
	/** A marker segment: `start` is its 0xFF, `dataStart` the byte after the length field. */
	| { kind: 'segment'; marker: number; start: number; dataStart: number; end: number }
	/** SOI, EOI, TEM or an RSTn found outside entropy-coded data: two bytes, no length. */
	| { kind: 'standalone'; marker: number; start: number; end: number }
	/**
	 * Entropy-coded data after an SOS header, up to the next marker that is not RSTn. `restarts`
	 * counts RSTn markers; `restartBreak` is the offset of the first one out of sequence.
	 */
	| { kind: 'scan-data'; start: number; end: number; restarts: number; restartBreak: number | null }
	/** Bytes where a marker was expected; decoders skip them with a warning. */
	| { kind: 'garbage'; start: number; end: number }
	/** Whatever follows EOI: padding, a second image, a phone's "motion photo" video... */
	| { kind: 'trailer'; start: number; end: number }
	/** The walk cannot go on: a bad length, a reserved marker or a cut-off file. */
	| { kind: 'broken'; reason: JpegBreak; offset: number };

export type JpegBreak = 'no-soi' | 'truncated' | 'bad-length' | 'reserved-marker';

function isRestart(marker: number): boolean {
	return marker >= 0xd0 && marker <= 0xd7;
}

/** Markers without a length field. TEM (0x01) is one too, though no photo uses it. */
function isStandalone(marker: number): boolean {
	return marker === SOI || marker === EOI || marker === 0x01 || isRestart(marker);
}

/** 0x02..0xBF are reserved: their presence means the stream is not what it claims to be. */
function isReserved(marker: number): boolean {
	return marker >= 0x02 && marker <= 0xbf;
}

function u16(bytes: Uint8Array, at: number): number {
	return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
}

/**
 * Scans entropy-coded data from `start`. Inside it 0xFF is followed by 0x00 (a stuffed byte) or
 * RSTn; anything else is the next marker, which ends the data. Like libjpeg, a run of 0xFF fill
 * bytes counts as one 0xFF.
 */
function scanEntropyData(bytes: Uint8Array, start: number): JpegPart & { kind: 'scan-data' } {
	let at = start;
	let restarts = 0;
	let restartBreak: number | null = null;
	let expected = 0;
	for (;;) {
		const ff = bytes.indexOf(0xff, at);
		if (ff < 0) return { kind: 'scan-data', start, end: bytes.length, restarts, restartBreak };
		let codeAt = ff + 1;
		while (codeAt < bytes.length && bytes[codeAt] === 0xff) codeAt++;
		const code = bytes[codeAt];
		if (code === 0x00) {
			at = codeAt + 1;
		} else if (code !== undefined && isRestart(code)) {
			if (restartBreak === null && code - 0xd0 !== expected) restartBreak = codeAt - 1;
			expected = (code - 0xd0 + 1) & 7;
			restarts++;
			at = codeAt + 1;
		} else {
			return { kind: 'scan-data', start, end: ff, restarts, restartBreak };
		}
	}
}

/**
 * Walks the whole file: segments, entropy-coded data of every scan, EOI and any trailer. The
 * walk ends after EOI (yielding the trailer, if any) or with a `broken` part.
 */
export function* walkJpeg(bytes: Uint8Array): Generator<JpegPart, void, undefined> {
	if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== SOI) {
		yield { kind: 'broken', reason: 'no-soi', offset: 0 };
		return;
	}
	yield { kind: 'standalone', marker: SOI, start: 0, end: 2 };
	let at = 2;
	for (;;) {
		if (at >= bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		if (bytes[at] !== 0xff) {
			const ff = bytes.indexOf(0xff, at);
			const end = ff < 0 ? bytes.length : ff;
			yield { kind: 'garbage', start: at, end };
			at = end;
			continue;
		}
		// Fill bytes before a marker.
		let codeAt = at + 1;
		while (codeAt < bytes.length && bytes[codeAt] === 0xff) codeAt++;
		const marker = bytes[codeAt];
		if (marker === undefined) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		const start = codeAt - 1;
		if (marker === 0x00 || isReserved(marker)) {
			yield { kind: 'broken', reason: 'reserved-marker', offset: start };
			return;
		}
		if (isStandalone(marker)) {
			yield { kind: 'standalone', marker, start, end: start + 2 };
			at = start + 2;
			if (marker === EOI) {
				if (at < bytes.length) yield { kind: 'trailer', start: at, end: bytes.length };
				return;
			}
			continue;
		}
		if (start + 4 > bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: start };
			return;
		}
		const length = u16(bytes, start + 2);
		if (length < 2) {
			yield { kind: 'broken', reason: 'bad-length', offset: start };
			return;
		}
		const end = start + 2 + length;
		if (end > bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: start };
			return;
		}
		yield { kind: 'segment', marker, start, dataStart: start + 4, end };
		at = end;
		if (marker === SOS) {
			const data = scanEntropyData(bytes, at);
			yield data;
			at = data.end;
		}
	}
}

/** An APP0 that is exactly a JFIF header without a thumbnail: 16 bytes of density info. */
function isPlainJfif(bytes: Uint8Array, part: JpegPart & { kind: 'segment' }): boolean {
	const d = part.dataStart;
	return (
		part.end - part.start === 18 &&
		bytes[d] === 0x4a && // J
		bytes[d + 1] === 0x46 && // F
		bytes[d + 2] === 0x49 && // I
		bytes[d + 3] === 0x46 && // F
		bytes[d + 4] === 0x00 &&
		bytes[d + 12] === 0 && // thumbnail width
		bytes[d + 13] === 0 // thumbnail height
	);
}

/**
 * Adobe's APP14 says how to read the colour components (RGB vs YCbCr, CMYK vs YCCK): dropping it
 * changes the colours of such files, and its 12 bytes say nothing about anyone.
 */
function isAdobeColorTransform(bytes: Uint8Array, part: JpegPart & { kind: 'segment' }): boolean {
	const d = part.dataStart;
	return part.marker === APP14 && part.end - part.start === 16 && startsWith(bytes, d, 'Adobe');
}

export type MetadataKind =
	| 'exif'
	| 'xmp'
	| 'icc'
	/** Any other APPn: maker data, MPF, Photoshop IRB, Ducky... */
	| 'app'
	| 'comment'
	/** An APP0 other than a bare JFIF header: JFIF/JFXX thumbnails. */
	| 'jfif-extra'
	/** Bytes after EOI. */
	| 'trailer'
	/** The stream cannot be walked: nothing can be said about what it hides. */
	| 'unreadable';

/** What a part carries about the photo rather than the pixels, or null. */
function metadataKind(bytes: Uint8Array, part: JpegPart): MetadataKind | null {
	if (part.kind === 'trailer') return 'trailer';
	if (part.kind === 'broken') return 'unreadable';
	if (part.kind !== 'segment') return null;
	const { marker, dataStart: d } = part;
	if (marker === COM) return 'comment';
	if (marker === APP0) return isPlainJfif(bytes, part) ? null : 'jfif-extra';
	if (marker < APP1 || marker > APP15 || isAdobeColorTransform(bytes, part)) return null;
	if (marker === APP1 && startsWith(bytes, d, 'Exif\0')) return 'exif';
	if (marker === APP1 && startsWith(bytes, d, 'http://ns.adobe.com/')) return 'xmp';
	if (marker === APP2 && startsWith(bytes, d, 'ICC_PROFILE\0')) return 'icc';
	return 'app';
}

/**
 * The kinds of metadata in a JPEG, one entry per segment (or trailer): everything that
 * `stripJpegMetadata` removes. Bytes that cannot be walked give 'unreadable'.
 */
export function listMetadata(bytes: Uint8Array): MetadataKind[] {
	const kinds: MetadataKind[] = [];
	for (const part of walkJpeg(bytes)) {
		const kind = metadataKind(bytes, part);
		if (kind !== null) kinds.push(kind);
	}
	return kinds;
}

/**
 * True if the JPEG carries anything that `stripJpegMetadata` would remove: APP1..APP15 (EXIF,
 * GPS, XMP, ICC, maker notes, MPF...), COM, an APP0 other than a bare JFIF header, or bytes after
 * EOI. Bytes that are not a walkable JPEG count as metadata too: nothing is known about them.
 */
export function hasMetadata(bytes: Uint8Array): boolean {
	for (const part of walkJpeg(bytes)) if (metadataKind(bytes, part) !== null) return true;
	return false;
}

export class JpegStructureError extends Error {
	readonly reason: JpegBreak;
	readonly offset: number;

	constructor(reason: JpegBreak, offset: number) {
		super(`JPEG structure is broken (${reason} at byte ${offset})`);
		this.name = 'JpegStructureError';
		this.reason = reason;
		this.offset = offset;
	}
}

/**
 * Removes APP1..APP15 (except Adobe's colour-transform APP14), COM, APP0 other than a bare JFIF
 * header, stray bytes between segments and everything after EOI, without touching the coded
 * image. The pixels stay as stored: a caller must apply the EXIF orientation (see
 * `readExifOrientation`) before dropping it, or the photo shows sideways.
 * Throws `JpegStructureError` on a stream it cannot walk to EOI.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	const keep: Array<[number, number]> = [];
	for (const part of walkJpeg(bytes)) {
		if (part.kind === 'broken') throw new JpegStructureError(part.reason, part.offset);
		if (part.kind === 'garbage' || metadataKind(bytes, part) !== null) continue;
		keep.push([part.start, part.end]);
	}
	const size = keep.reduce((n, [s, e]) => n + e - s, 0);
	const out = new Uint8Array(size);
	let at = 0;
	for (const [s, e] of keep) {
		out.set(bytes.subarray(s, e), at);
		at += e - s;
	}
	return out;
}

/**
 * The EXIF Orientation (tag 0x0112 in IFD0 of the first APP1 "Exif" segment), 1..8; 1 when the
 * file has none or it cannot be read.
 */
export function readExifOrientation(bytes: Uint8Array): number {
	for (const part of walkJpeg(bytes)) {
		if (part.kind === 'broken' || part.kind === 'scan-data') return 1;
		if (part.kind !== 'segment' || part.marker !== APP1) continue;
		const d = part.dataStart;
		if (part.end - d < 14 || !startsWith(bytes, d, 'Exif\0\0')) continue;
		return orientationFromTiff(bytes.subarray(d + 6, part.end));
	}
	return 1;
}

function orientationFromTiff(tiff: Uint8Array): number {
	const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
	if (tiff.length < 8) return 1;
	const order = view.getUint16(0);
	if (order !== 0x4949 && order !== 0x4d4d) return 1;
	const little = order === 0x4949;
	if (view.getUint16(2, little) !== 42) return 1;
	const ifd = view.getUint32(4, little);
	if (ifd + 2 > tiff.length) return 1;
	const count = view.getUint16(ifd, little);
	for (let i = 0; i < count; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > tiff.length) return 1;
		if (view.getUint16(entry, little) !== 0x0112) continue;
		const type = view.getUint16(entry + 2, little);
		if (type !== 3) return 1; // SHORT
		const value = view.getUint16(entry + 8, little);
		return value >= 1 && value <= 8 ? value : 1;
	}
	return 1;
}
