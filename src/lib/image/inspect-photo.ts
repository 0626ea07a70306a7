/**
 * Everything that can be decided about a dropped file from its bytes alone, before a decoder
 * touches it: is it an image, is it small enough to decode safely, is a JPEG intact, which way up
 * is it (a JPEG's EXIF orientation), is a HEIC whole. Throws `PrepareError` for files that must
 * be refused.
 */
import { heifExtents, sniffImage, type ImageHeader, type PixelSize } from './image-header';
import { heifItemsInFile } from './heif-items';
import { checkJpegIntegrity } from './jpeg-integrity';
import { readExifOrientation } from './jpeg-metadata';
import { walkJpeg, type JpegPart } from './jpeg-segments';
import { checkPixelLimits } from './pixel-check';
import { fileTooBigError, PrepareError } from './prepare-error';

export { checkPixelLimits } from './pixel-check';

/** Larger inputs are refused before they are read into memory. */
export const MAX_INPUT_BYTES = 80_000_000;
/** A result must fit in one drop: the transfer refuses more (`MAX_DROP_BYTES`). */
export const MAX_OUTPUT_BYTES = 50_000_000;

export const DEFAULT_MAX_EDGE = 2560;
export const DEFAULT_QUALITY = 0.85;

export interface PhotoInspection {
	header: ImageHeader;
	/** EXIF orientation 1..8 (JPEG only; 1 for other formats). */
	orientation: number;
	/**
	 * The size as shown, after the EXIF orientation. For HEIC and AVIF, the largest `ispe`: the
	 * decoder may turn it a quarter turn (`irot`) or crop it (`clap`).
	 */
	shownSize: PixelSize;
	/**
	 * A JPEG's walk (its segments, scans and trailer) of the bytes `of`, taken once here and used
	 * again to strip them (a walk of a 35 MB photo took 11-25 ms); the strip sets it to null, as it
	 * changes them. Null for other formats.
	 */
	jpegWalk: { of: Uint8Array; parts: readonly JpegPart[] } | null;
}

export function inspectPhoto(bytes: Uint8Array): PhotoInspection {
	if (bytes.length > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	const header = sniffImage(bytes);
	if (header === null) throw new PrepareError('not-an-image');
	const { size } = header;
	if (size === null) throw new PrepareError('corrupt');
	checkPixelLimits(size);
	if (header.format === 'heic' || header.format === 'avif') heifExtents(bytes).forEach(checkPixelLimits);
	// A HEIC's `irot` is applied by its decoder (the browser's or libheif), which the size here
	// does not show; a cut-off one decodes with holes, so it must be whole.
	if (header.format === 'heic' && !heifItemsInFile(bytes)) throw new PrepareError('corrupt');
	if (header.format !== 'jpeg') return { header, orientation: 1, shownSize: size, jpegWalk: null };

	const parts = [...walkJpeg(bytes)];
	if (!checkJpegIntegrity(bytes, parts).ok) throw new PrepareError('corrupt');
	const orientation = readExifOrientation(bytes, parts);
	return { header, orientation, shownSize: orientedSize(size, orientation), jpegWalk: { of: bytes, parts } };
}

/** Orientations 5..8 turn the picture a quarter turn, swapping its sides. */
export function orientedSize(size: PixelSize, orientation: number): PixelSize {
	return orientation >= 5 && orientation <= 8 ? { width: size.height, height: size.width } : size;
}

/**
 * Scales `size` down so its long edge is at most `maxEdge`. The short edge is rounded down, as a
 * canvas does with browser-image-compression's fractional sizes, so both encoders agree.
 */
export function fitWithin(size: PixelSize, maxEdge: number): PixelSize {
	const { width, height } = size;
	if (width <= maxEdge && height <= maxEdge) return { width, height };
	if (width >= height) {
		return { width: maxEdge, height: Math.max(1, Math.floor((height * maxEdge) / width)) };
	}
	return { width: Math.max(1, Math.floor((width * maxEdge) / height)), height: maxEdge };
}
