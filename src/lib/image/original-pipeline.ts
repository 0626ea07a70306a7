/**
 * The worker side of `prepareOriginal`: full size, upright, no metadata; losslessly where the
 * file allows it (`original-photo.ts` chooses the way), else redrawn and re-encoded as a JPEG or
 * a PNG, accepted only after the same checks as a prepared photo.
 */
import { decodeAndEncode } from './decode-and-encode';
import { sniffImage } from './image-header';
import { MAX_OUTPUT_BYTES, type PhotoInspection } from './inspect-photo';
import {
	chooseOriginalRoute,
	ORIGINAL_JPEG_QUALITY,
	sameOrTurned,
	stripUprightJpeg,
	type OriginalRoute
} from './original-photo';
import { decodedSize, type CanvasOutput } from './photo-encoders';
import { cleanCanvasJpeg, jpegSize, readAndInspect } from './photo-pipeline';
import { MAX_SIDE } from './pixel-limits';
import { hasPngMetadata, stripPngMetadata } from './png-chunks';
import { originalTooBigError, PrepareError } from './prepare-error';
import type { PreparedMime } from './prepare-messages';

export interface OriginalBytes {
	bytes: Uint8Array<ArrayBuffer>;
	mime: PreparedMime;
	width: number;
	height: number;
	/** Which way the bytes were made: for logs and benchmarks. */
	route: OriginalRoute;
	/**
	 * The decode that checks the coded picture (of the file, which the strip keeps byte for byte),
	 * still running: the stripped bytes can be sent meanwhile, and it
	 * rejects with a `PrepareError` if they fail it. Null where the bytes come out of a decode, or
	 * out of a check already passed (`CHECK_FIRST_BYTES`).
	 */
	check: Promise<void> | null;
}

/**
 * Bytes that go in one chunk or so have no transfer to overlap their check with: they are checked
 * before they come out, so that the copy's header, bytes and digest leave together (the digest
 * would otherwise wait for the check, a few milliseconds after the bytes, on the other device too).
 */
export const CHECK_FIRST_BYTES = 64 * 1024;

/** `prepareOriginal`'s worker side: full size, upright, no metadata; losslessly where the file allows it. */
export async function prepareOriginalBytes(
	file: Blob,
	onProgress: (pct: number) => void
): Promise<OriginalBytes> {
	const { input, inspection } = await readAndInspect(file, onProgress);
	const route = chooseOriginalRoute(inspection);
	if (route === 'strip') {
		const stripped = stripOriginal(file, input, inspection, onProgress);
		if (stripped.check && stripped.bytes.length <= CHECK_FIRST_BYTES) {
			await stripped.check;
			return { ...stripped, check: null, route };
		}
		return { ...stripped, route };
	}
	const made = await reencodeOriginal(input, inspection, route, onProgress);
	if (made.bytes.length > MAX_OUTPUT_BYTES) throw originalTooBigError(MAX_OUTPUT_BYTES);
	onProgress(95);
	return { ...made, route, check: null };
}

function stripOriginal(
	file: Blob,
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	onProgress: (pct: number) => void
): Omit<OriginalBytes, 'route'> {
	// The receiving browser must be able to open what is sent: an arithmetic-coded or 12-bit
	// JPEG passes the structural check, not Chromium's decoder. The strip keeps the coded picture
	// byte for byte (tables, frame, scans), so the file itself is decoded: no copy of its bytes,
	// and the decode starts while they are stripped (it ignores the segments the strip drops).
	const expected = inspection.header.size;
	const check = expected ? checkDecodes(file, expected) : Promise.reject(new PrepareError('failed'));
	check.catch(() => undefined);
	const stripped = stripUprightJpeg(input, inspection);
	if (stripped.bytes.length > MAX_OUTPUT_BYTES) throw originalTooBigError(MAX_OUTPUT_BYTES);
	onProgress(95);
	return { ...stripped, mime: 'image/jpeg', check };
}

async function checkDecodes(jpeg: Blob, expected: { width: number; height: number }): Promise<void> {
	const decoded = await decodedSize(jpeg).catch(() => null);
	if (decoded === null) throw new PrepareError('corrupt');
	// The file still has its EXIF: a decoder that reads an orientation where ours read none turns
	// it, and the copy would arrive turned from how it shows here: refused.
	if (decoded.width !== expected.width || decoded.height !== expected.height)
		throw new PrepareError('failed');
}

async function reencodeOriginal(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	route: 'jpeg' | 'png',
	onProgress: (pct: number) => void
): Promise<Omit<OriginalBytes, 'route' | 'check'>> {
	const { shownSize } = inspection;
	const output: CanvasOutput =
		route === 'png' ? { type: 'image/png' } : { type: 'image/jpeg', quality: ORIGINAL_JPEG_QUALITY };
	// MAX_SIDE: the size checks have passed, so nothing is scaled.
	const encoded = await decodeAndEncode(input, inspection, MAX_SIDE, output, onProgress);
	// A HEIF/AVIF decoder applies the file's rotation itself, which the header sizes do not show.
	if (!sameOrTurned(encoded.size, shownSize)) throw new PrepareError('failed');
	if (route === 'jpeg') {
		const bytes = cleanCanvasJpeg(encoded.bytes);
		const size = jpegSize(bytes);
		if (size === null || size.width !== encoded.size.width || size.height !== encoded.size.height) {
			throw new PrepareError('failed');
		}
		return { bytes, mime: 'image/jpeg', ...size };
	}
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		bytes = stripPngMetadata(encoded.bytes);
	} catch {
		throw new PrepareError('failed');
	}
	const out = sniffImage(bytes);
	if (out?.format !== 'png' || out.size === null || hasPngMetadata(bytes)) throw new PrepareError('failed');
	if (out.size.width !== encoded.size.width || out.size.height !== encoded.size.height) {
		throw new PrepareError('failed');
	}
	return { bytes, mime: 'image/png', ...out.size };
}
