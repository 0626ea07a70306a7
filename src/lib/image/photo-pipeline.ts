/**
 * The worker side of `preparePhoto`: bytes in, a clean upright JPEG out. Whatever encoder made
 * it, the output is only accepted after our own checks: an intact JPEG of the expected size, not
 * the input handed back, and with no metadata left once the encoder's colour profile is dropped.
 */
import { sniffImage, type PixelSize } from './image-header';
import { fitWithin, inspectPhoto, MAX_INPUT_BYTES, type PhotoInspection } from './inspect-photo';
import { checkJpegIntegrity } from './jpeg-integrity';
import { hasMetadata, listMetadata, stripJpegMetadata } from './jpeg-segments';
import {
	DecodeError,
	encodeSinglePass,
	encodeWithCompressionLibrary,
	type EncodeSettings
} from './photo-encoders';
import { fileTooBigError, PrepareError } from './prepare-error';

export interface PreparedBytes {
	bytes: Uint8Array<ArrayBuffer>;
	width: number;
	height: number;
	/** Which encoder made the bytes: for logs and benchmarks. */
	encoder: 'library' | 'single-pass';
}

export type EncoderChoice = 'auto' | 'single-pass';

export async function preparePhotoBytes(
	file: Blob,
	settings: EncodeSettings,
	onProgress: (pct: number) => void,
	encoder: EncoderChoice = 'auto'
): Promise<PreparedBytes> {
	if (file.size > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	const input = new Uint8Array(await file.arrayBuffer());
	onProgress(2);
	const inspection = inspectPhoto(input);
	onProgress(5);

	if (encoder === 'auto' && inspection.header.format !== 'heic') {
		const fromLibrary = await tryCompressionLibrary(input, inspection, settings, onProgress);
		if (fromLibrary !== null) {
			onProgress(95);
			return { ...fromLibrary, encoder: 'library' };
		}
	}

	const typed = new Blob([input], { type: inspection.header.mime });
	let encoded: { bytes: Uint8Array<ArrayBuffer>; size: PixelSize };
	try {
		encoded = await encodeSinglePass(typed, inspection.orientation, settings);
	} catch (e) {
		if (!(e instanceof DecodeError)) throw new PrepareError('failed');
		throw new PrepareError(inspection.header.format === 'heic' ? 'heic-unsupported' : 'corrupt');
	}
	onProgress(90);
	// Chromium's encoder embeds the canvas's sRGB profile; the pixels are upright already, so
	// whatever an encoder adds can go.
	const bytes = hasMetadata(encoded.bytes) ? stripJpegMetadata(encoded.bytes) : encoded.bytes;
	const size = jpegSize(bytes);
	if (size === null || hasMetadata(bytes)) throw new PrepareError('failed');
	onProgress(95);
	return { bytes, ...size, encoder: 'single-pass' };
}

/** The library's result if it passes every check, else null (the single pass takes over). */
async function tryCompressionLibrary(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	settings: EncodeSettings,
	onProgress: (pct: number) => void
): Promise<{ bytes: Uint8Array<ArrayBuffer>; width: number; height: number } | null> {
	if (inspection.shownSize === null) return null;
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
