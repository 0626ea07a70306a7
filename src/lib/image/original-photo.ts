/**
 * The pure half of sending a photo at quality 'original': full resolution, no metadata. Which way
 * a file goes, and the lossless way itself. The re-encoding ways are in `original-pipeline.ts`.
 */
import type { PixelSize } from './image-header';
import type { PhotoInspection } from './inspect-photo';
import { checkJpegIntegrity } from './jpeg-integrity';
import {
	hasMetadata,
	JpegStructureError,
	StripMismatchError,
	stripJpegMetadataInPlace
} from './jpeg-metadata';
import { walkJpeg, type JpegPart } from './jpeg-segments';
import { PrepareError } from './prepare-error';

export type OriginalRoute =
	/** An upright JPEG: its metadata segments dropped, the coded picture kept byte for byte. */
	| 'strip'
	/** A JPEG the browser has to turn upright (EXIF orientation 2..8), or a HEIC where it decodes. */
	| 'jpeg'
	/** Any other format, redrawn as PNG: lossless for 8-bit pixels, and no chunk of the input survives. */
	| 'png';

/** Lossy pictures re-encoded at full size keep nearly all their detail at this quality. */
export const ORIGINAL_JPEG_QUALITY = 0.95;

export function chooseOriginalRoute(inspection: PhotoInspection): OriginalRoute {
	switch (inspection.header.format) {
		case 'jpeg':
			// The EXIF that says how to turn the picture is about to go: the pixels must turn now.
			return inspection.orientation === 1 ? 'strip' : 'jpeg';
		case 'heic':
			return 'jpeg';
		default:
			return 'png';
	}
}

/**
 * The 'strip' route: `bytes` with APP1..APP15 (EXIF, GPS, XMP, ICC, maker notes; not Adobe's
 * colour transform), COM, JFIF thumbnails and any trailer removed, checked to be an intact JPEG
 * with no metadata left. Dropping the ICC profile means a wide-gamut photo shows as sRGB. It is
 * done in `bytes`' own buffer (`stripJpegMetadataInPlace`): what it returns is a view of it, and
 * every byte of the buffer around that view is zeroed.
 */
export function stripUprightJpeg<T extends ArrayBufferLike>(
	bytes: Uint8Array<T>,
	inspection: PhotoInspection
): { bytes: Uint8Array<T>; width: number; height: number } {
	const size = inspection.header.size;
	if (inspection.header.format !== 'jpeg' || inspection.orientation !== 1 || size === null) {
		throw new PrepareError('failed');
	}
	// The inspection's walk of these very bytes, used once: the strip changes them.
	const walk = inspection.jpegWalk;
	inspection.jpegWalk = null;
	let out: { stripped: Uint8Array<T>; parts: JpegPart[] };
	try {
		out = stripJpegMetadataInPlace(bytes, walk?.of === bytes ? walk.parts : walkJpeg(bytes));
	} catch (e) {
		if (e instanceof JpegStructureError) throw new PrepareError('corrupt');
		if (e instanceof StripMismatchError) throw new PrepareError('failed');
		throw e;
	}
	// What goes out, walked once by the strip: no metadata left, and still an intact JPEG.
	const { stripped, parts } = out;
	if (hasMetadata(stripped, parts) || !checkJpegIntegrity(stripped, parts).ok)
		throw new PrepareError('failed');
	return { bytes: stripped, width: size.width, height: size.height };
}

/** Whether `got` is `want`, possibly a quarter turn away (a decoder that applied a HEIF/AVIF rotation). */
export function sameOrTurned(got: PixelSize, want: PixelSize): boolean {
	return (
		(got.width === want.width && got.height === want.height) ||
		(got.width === want.height && got.height === want.width)
	);
}
