/**
 * A photo's pixels decoded, turned upright, scaled and encoded: by the browser where it can
 * decode the file, by libheif (WebAssembly, loaded for it alone) for a HEIC it cannot. Any other
 * file the browser cannot decode is damaged.
 */
import type { PixelSize } from './image-header';
import type { PhotoInspection } from './inspect-photo';
import { DecodeError, encodeOnCanvas, type CanvasOutput } from './photo-encoders';
import { PrepareError } from './prepare-error';
import type { HeicDecoder } from './libheif-loader';

export interface EncodedPhoto {
	bytes: Uint8Array<ArrayBuffer>;
	size: PixelSize;
}

const HEIF_TYPES = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

let decoder: Promise<HeicDecoder> | null = null;

/**
 * libheif loaded in this worker (its code, then its WebAssembly compiled), once: started as soon
 * as a file looks like HEIC, so that the load runs while the file is read and the browser tries
 * it. Rejects with 'heic-unsupported' where it cannot load, which matters only once a HEIC
 * really needs libheif.
 */
function heicDecoder(): Promise<HeicDecoder> {
	decoder ??= import('./libheif-loader')
		.then((m) => m.loadHeicDecoder())
		.catch(() => {
			throw new PrepareError('heic-unsupported');
		});
	decoder.catch(() => undefined);
	return decoder;
}

/** Whether libheif was ever asked for in this worker: its WebAssembly memory never shrinks. */
export function heicDecoderLoaded(): boolean {
	return decoder !== null;
}

/** Starts libheif's load before the file is read where its type (from the file picker) says HEIF. */
export function preloadForType(type: string): void {
	if (HEIF_TYPES.has(type.toLowerCase())) void heicDecoder();
}

export async function decodeAndEncode(
	input: Uint8Array<ArrayBuffer>,
	inspection: PhotoInspection,
	maxEdge: number,
	output: CanvasOutput,
	onProgress: (pct: number) => void
): Promise<EncodedPhoto> {
	const { header, orientation } = inspection;
	// Where the browser decodes HEIC (Safari) libheif is not needed, but a failed native attempt
	// elsewhere is cheap next to waiting for libheif only after it.
	const heic = header.format === 'heic' ? heicDecoder() : null;
	try {
		return await encodeOnCanvas(new Blob([input], { type: header.mime }), orientation, maxEdge, output);
	} catch (e) {
		if (!(e instanceof DecodeError)) throw new PrepareError('failed');
		if (heic === null) throw new PrepareError('corrupt');
	}
	onProgress(10);
	const decode = await heic;
	return decode(input, ({ data, width, height }) => {
		onProgress(60);
		// Upright already: libheif applies the file's rotation and mirroring.
		return encodeOnCanvas(new ImageData(data, width, height), 1, maxEdge, output).catch(() => {
			throw new PrepareError('failed');
		});
	});
}
