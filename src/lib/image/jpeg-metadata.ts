/**
 * What a JPEG carries about the photo rather than its pixels (EXIF, GPS, XMP, ICC, comments,
 * thumbnails, trailers), how to strip it losslessly, and the EXIF orientation.
 */
import {
	APP0,
	APP1,
	APP2,
	APP14,
	APP15,
	COM,
	startsWith,
	walkJpeg,
	type JpegBreak,
	type JpegPart
} from './jpeg-segments';

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
export function hasMetadata(bytes: Uint8Array, parts: Iterable<JpegPart> = walkJpeg(bytes)): boolean {
	for (const part of parts) if (metadataKind(bytes, part) !== null) return true;
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

/** A part as a walk of the stripped bytes must find it again: its kind, marker and length. */
function shapeOf(part: JpegPart): string {
	if (part.kind === 'broken') return `broken:${part.reason}`;
	return `${part.kind}:${'marker' in part ? part.marker : ''}:${part.end - part.start}`;
}

interface Kept {
	/** The stretches kept, in order, neighbours merged. */
	stretches: Array<[number, number]>;
	/** The shape of each part kept. */
	shapes: string[];
}

/** What `stripJpegMetadata` keeps; throws `JpegStructureError` on a broken walk. */
function keptParts(bytes: Uint8Array, parts: Iterable<JpegPart>): Kept {
	const stretches: Array<[number, number]> = [];
	const shapes: string[] = [];
	for (const part of parts) {
		if (part.kind === 'broken') throw new JpegStructureError(part.reason, part.offset);
		if (part.kind === 'garbage' || metadataKind(bytes, part) !== null) continue;
		shapes.push(shapeOf(part));
		const last = stretches[stretches.length - 1];
		if (last && last[1] === part.start) last[1] = part.end;
		else stretches.push([part.start, part.end]);
	}
	return { stretches, shapes };
}

/**
 * Removes APP1..APP15 (except Adobe's colour-transform APP14), COM, APP0 other than a bare JFIF
 * header, stray bytes between segments and everything after EOI, without touching the coded
 * image. The pixels stay as stored: a caller must apply the EXIF orientation (see
 * `readExifOrientation`) before dropping it, or the photo shows sideways.
 * Throws `JpegStructureError` on a stream it cannot walk to EOI.
 */
export function stripJpegMetadata(
	bytes: Uint8Array,
	parts: Iterable<JpegPart> = walkJpeg(bytes)
): Uint8Array<ArrayBuffer> {
	const { stretches } = keptParts(bytes, parts);
	const out = new Uint8Array(stretches.reduce((n, [s, e]) => n + e - s, 0));
	let at = 0;
	for (const [s, e] of stretches) {
		out.set(bytes.subarray(s, e), at);
		at += e - s;
	}
	return out;
}

/** The strip made something other than the parts it kept: a fault of ours, never of the file. */
export class StripMismatchError extends Error {
	constructor() {
		super('the stripped JPEG is not the parts kept');
		this.name = 'StripMismatchError';
	}
}

/**
 * `stripJpegMetadata` without a second buffer: what is kept is moved up against the end of the
 * last stretch kept (in a camera's photo that moves only the few segments before the metadata
 * ahead of the scan, not the scan), and every other byte of `bytes` is zeroed. Returns the view
 * of `bytes` that holds the stripped JPEG, and its walk, checked to be the parts kept, in order,
 * each of the same kind, marker and length (else `StripMismatchError`).
 */
export function stripJpegMetadataInPlace<T extends ArrayBufferLike>(
	bytes: Uint8Array<T>,
	parts: Iterable<JpegPart> = walkJpeg(bytes)
): { stripped: Uint8Array<T>; parts: JpegPart[] } {
	const { stretches, shapes } = keptParts(bytes, parts);
	const end = stretches[stretches.length - 1]?.[1] ?? 0;
	let to = end;
	// From the last stretch back: each moves only towards the end, over bytes already moved or dropped.
	for (let i = stretches.length - 1; i >= 0; i--) {
		const [s, e] = stretches[i]!;
		to -= e - s;
		if (to !== s) bytes.copyWithin(to, s, e);
	}
	bytes.fill(0, 0, to);
	bytes.fill(0, end);
	const stripped = bytes.subarray(to, end);
	const walked = [...walkJpeg(stripped)];
	if (walked.length !== shapes.length || walked.some((p, i) => shapeOf(p) !== shapes[i])) {
		throw new StripMismatchError();
	}
	return { stripped, parts: walked };
}

/**
 * The EXIF Orientation (tag 0x0112 in IFD0 of the first APP1 "Exif" segment), 1..8; 1 when the
 * file has none or it cannot be read.
 */
export function readExifOrientation(bytes: Uint8Array, parts: Iterable<JpegPart> = walkJpeg(bytes)): number {
	for (const part of parts) {
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
