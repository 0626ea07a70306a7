/**
 * The worker side of `preparePhoto`: bytes in, a clean upright JPEG (or, for quality 'original',
 * a full-size JPEG or PNG) out. Whatever encoder made
 * it, the output is only accepted after our own checks: an intact JPEG of the expected size, not
 * the input handed back, and with no metadata left once the encoder's colour profile is dropped.
 */
import { sniffImage, type PixelSize } from './image-header';
import {
	fitWithin,
	inspectPhoto,
	MAX_INPUT_BYTES,
	MAX_OUTPUT_BYTES,
	type PhotoInspection
} from './inspect-photo';
import { MAX_SIDE } from './pixel-limits';
import { checkJpegIntegrity } from './jpeg-integrity';
import { hasMetadata, listMetadata, stripJpegMetadata } from './jpeg-metadata';
import {
	chooseOriginalRoute,
	ORIGINAL_JPEG_QUALITY,
	sameOrTurned,
	stripUprightJpeg,
	type OriginalRoute
} from './original-photo';
import {
	decodedSize,
	DecodeError,
	encodeOnCanvas,
	encodeWithCompressionLibrary,
	type CanvasOutput,
	type EncodeSettings
} from './photo-encoders';
import { hasPngMetadata, stripPngMetadata } from './png-chunks';
import { fileTooBigError, originalTooBigError, PrepareError } from './prepare-error';
import type { PreparedMime } from './prepare-messages';

export interface PreparedBytes {
	bytes: Uint8Array<ArrayBuffer>;
	width: number;
	height: number;
	/** Which encoder made the bytes: for logs and benchmarks. */
	encoder: 'library' | 'single-pass';
}

/** Reads the file once and checks what it is, before any pixel is decoded. */
async function readAndInspect(file: Blob, onProgress: (pct: number) => void) {
	if (file.size > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	const input = new Uint8Array(await file.arrayBuffer());
	onProgress(2);
	const inspection = inspectPhoto(input);
	onProgress(5);
	return { input, inspection };
}

/**
 * 'auto' encodes in one pass (`createImageBitmap` with resize, then `convertToBlob`) where the
 * worker has OffscreenCanvas, and through browser-image-compression where it has not. Measured
 * against the single-pass baseline (`npm run bench`), the library's pipeline took 1.22-1.32x as
 * long for the same result; it stays as the path for browsers without OffscreenCanvas.
 */
export type EncoderChoice = 'auto' | 'single-pass' | 'library';

function singlePassAvailable(): boolean {
	return typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap === 'function';
}

export async function preparePhotoBytes(
	file: Blob,
	settings: EncodeSettings,
	onProgress: (pct: number) => void,
	encoder: EncoderChoice = 'auto'
): Promise<PreparedBytes> {
	const { input, inspection } = await readAndInspect(file, onProgress);

	const useLibrary = encoder === 'library' || (encoder === 'auto' && !singlePassAvailable());
	if (useLibrary && inspection.header.format !== 'heic') {
		const fromLibrary = await tryCompressionLibrary(input, inspection, settings, onProgress);
		if (fromLibrary !== null) {
			onProgress(95);
			return { ...fromLibrary, encoder: 'library' };
		}
	}

	const output: CanvasOutput = { type: 'image/jpeg', quality: settings.quality };
	const encoded = await decodeAndEncode(input, inspection, settings.maxEdge, output, onProgress);
	onProgress(90);
	const bytes = cleanCanvasJpeg(encoded.bytes);
	const size = jpegSize(bytes);
	if (size === null) throw new PrepareError('failed');
	onProgress(95);
	return { bytes, ...size, encoder: 'single-pass' };
}

/**
 * A canvas's JPEG without what the encoder adds (Chromium embeds the canvas's sRGB profile): the
 * pixels are upright already, so all of it can go. Throws 'failed' unless the result is clean.
 */
export function cleanCanvasJpeg(encoded: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		bytes = hasMetadata(encoded) ? stripJpegMetadata(encoded) : encoded;
	} catch {
		throw new PrepareError('failed');
	}
	if (hasMetadata(bytes) || !checkJpegIntegrity(bytes).ok) throw new PrepareError('failed');
	return bytes;
}

export interface OriginalBytes {
	bytes: Uint8Array<ArrayBuffer>;
	mime: PreparedMime;
	width: number;
	height: number;
	/** Which way the bytes were made: for logs and benchmarks. */
	route: OriginalRoute;
}

/** `prepareOriginal`'s worker side: full size, upright, no metadata; losslessly where the file allows it. */
export async function prepareOriginalBytes(
	file: Blob,
	onProgress: (pct: number) => void
): Promise<OriginalBytes> {
	const { input, inspection } = await readAndInspect(file, onProgress);
	const route = chooseOriginalRoute(inspection);
	const made =
		route === 'strip'
			? await stripOriginal(input, inspection, onProgress)
			: await reencodeOriginal(input, inspection, route, onProgress);
	if (made.bytes.length > MAX_OUTPUT_BYTES) throw originalTooBigError(MAX_OUTPUT_BYTES);
	onProgress(95);
	return { ...made, route };
}

async function stripOriginal(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	onProgress: (pct: number) => void
): Promise<Omit<OriginalBytes, 'route'>> {
	const stripped = stripUprightJpeg(input, inspection);
	if (stripped.bytes.length > MAX_OUTPUT_BYTES) throw originalTooBigError(MAX_OUTPUT_BYTES);
	onProgress(30);
	// The receiving browser must be able to open what is sent: an arithmetic-coded or 12-bit
	// JPEG passes the structural check, not Chromium's decoder.
	const decoded = await decodedSize(new Blob([stripped.bytes], { type: 'image/jpeg' })).catch(() => null);
	if (decoded === null) throw new PrepareError('corrupt');
	if (decoded.width !== stripped.width || decoded.height !== stripped.height)
		throw new PrepareError('failed');
	return { ...stripped, mime: 'image/jpeg' };
}

async function reencodeOriginal(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	route: 'jpeg' | 'png',
	onProgress: (pct: number) => void
): Promise<Omit<OriginalBytes, 'route'>> {
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

/**
 * The file decoded by the browser, turned upright, scaled and encoded. A HEIC the browser cannot
 * decode (all but Safari) is decoded by libheif, loaded for it alone; any other file the browser
 * cannot decode is damaged.
 */
async function decodeAndEncode(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	maxEdge: number,
	output: CanvasOutput,
	onProgress: (pct: number) => void
): Promise<{ bytes: Uint8Array<ArrayBuffer>; size: PixelSize }> {
	const { header, orientation } = inspection;
	try {
		return await encodeOnCanvas(new Blob([input], { type: header.mime }), orientation, maxEdge, output);
	} catch (e) {
		if (!(e instanceof DecodeError)) throw new PrepareError('failed');
		if (header.format !== 'heic') throw new PrepareError('corrupt');
	}
	onProgress(10);
	let libheif: typeof import('./libheif-loader');
	try {
		libheif = await import('./libheif-loader');
	} catch {
		throw new PrepareError('heic-unsupported');
	}
	return libheif.decodeHeicWithLibheif(input, ({ data, width, height }) => {
		onProgress(60);
		// Upright already: libheif applies the file's rotation and mirroring.
		return encodeOnCanvas(new ImageData(data, width, height), 1, maxEdge, output).catch(() => {
			throw new PrepareError('failed');
		});
	});
}

/** The library's result if it passes every check, else null (the single pass takes over). */
async function tryCompressionLibrary(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	settings: EncodeSettings,
	onProgress: (pct: number) => void
): Promise<{ bytes: Uint8Array<ArrayBuffer>; width: number; height: number } | null> {
	const file = new File([input], 'photo', { type: inspection.header.mime });
	let bytes: Uint8Array<ArrayBuffer>;
	try {
		bytes = await encodeWithCompressionLibrary(file, settings, (pct) =>
			onProgress(5 + Math.round(pct * 0.85))
		);
	} catch {
		// Where createImageBitmap fails the library falls back to `new Image()`, which workers
		// lack (and Safari always takes that path): the single pass gives the real answer.
		return null;
	}
	const expected = fitWithin(inspection.shownSize, settings.maxEdge);
	const size = jpegSize(bytes);
	// A fresh canvas encode carries at most the canvas's ICC profile. EXIF, XMP or a comment
	// mean the library handed back (a copy of) the input, whose pixels may not be upright.
	const freshEncode =
		size !== null &&
		Math.abs(size.width - expected.width) <= 1 &&
		Math.abs(size.height - expected.height) <= 1 &&
		listMetadata(bytes).every((kind) => kind === 'icc') &&
		checkJpegIntegrity(bytes).ok &&
		!sameBytes(bytes, input);
	if (!freshEncode) return null;
	const stripped = stripJpegMetadata(bytes);
	return hasMetadata(stripped) ? null : { bytes: stripped, ...size };
}

function jpegSize(bytes: Uint8Array): PixelSize | null {
	const header = sniffImage(bytes);
	return header?.format === 'jpeg' ? header.size : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
