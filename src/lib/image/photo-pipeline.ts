/**
 * The worker side of `preparePhoto`: bytes in, a clean upright JPEG out (quality 'original' is
 * `original-pipeline.ts`). Whatever encoder made it, the output is only accepted after our own
 * checks: an intact JPEG of the expected size, not the input handed back, and with no metadata
 * left once the encoder's colour profile is dropped.
 */
import { decodeAndEncode, preloadForType } from './decode-and-encode';
import { sniffImage, type PixelSize } from './image-header';
import { fitWithin, inspectPhoto, MAX_INPUT_BYTES, type PhotoInspection } from './inspect-photo';
import { checkJpegIntegrity } from './jpeg-integrity';
import { hasMetadata, listMetadata, stripJpegMetadata } from './jpeg-metadata';
import { encodeWithCompressionLibrary, type CanvasOutput, type EncodeSettings } from './photo-encoders';
import { fileTooBigError, PrepareError } from './prepare-error';

export interface PreparedBytes {
	bytes: Uint8Array<ArrayBuffer>;
	width: number;
	height: number;
	/** Which encoder made the bytes: for logs and benchmarks. */
	encoder: 'library' | 'single-pass';
}

/**
 * Reads the file once and checks what it is, before any pixel is decoded. A HEIC's decoder
 * starts loading first, while the file is read.
 */
export async function readAndInspect(
	file: Blob,
	onProgress: (pct: number) => void
): Promise<{ input: Uint8Array<ArrayBuffer>; inspection: PhotoInspection }> {
	if (file.size > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	preloadForType(file.type);
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

export function jpegSize(bytes: Uint8Array): PixelSize | null {
	const header = sniffImage(bytes);
	return header?.format === 'jpeg' ? header.size : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
