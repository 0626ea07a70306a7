/**
 * The ways a photo is decoded, turned upright, scaled and encoded (JPEG, or PNG). Browser-only
 * (createImageBitmap, OffscreenCanvas); meant for a worker, where the main thread stays free.
 */
import imageCompression from 'browser-image-compression';
import type { PixelSize } from './image-header';
import { fitWithin } from './inspect-photo';

export interface EncodeSettings {
	maxEdge: number;
	quality: number;
}

/**
 * browser-image-compression, called in our own worker. `useWebWorker: false` keeps it from
 * spawning its own worker, which loads the library from a CDN. No `maxSizeMB`: the size search
 * re-encodes again and again. `maxIteration: 1` bounds the one loop left, which re-encodes at a
 * lower quality when the first result is bigger than the input (the library's default is 10).
 */
export async function encodeWithCompressionLibrary(
	file: File,
	settings: EncodeSettings,
	onProgress: (pct: number) => void
): Promise<Uint8Array<ArrayBuffer>> {
	const out = await imageCompression(file, {
		useWebWorker: false,
		maxWidthOrHeight: settings.maxEdge,
		initialQuality: settings.quality,
		fileType: 'image/jpeg',
		maxIteration: 1,
		preserveExif: false,
		onProgress
	});
	return new Uint8Array(await out.arrayBuffer());
}

export class DecodeError extends Error {
	constructor(cause: unknown) {
		super('the browser could not decode the image', { cause });
		this.name = 'DecodeError';
	}
}

/** What a canvas is encoded as. */
export type CanvasOutput = { type: 'image/jpeg'; quality: number } | { type: 'image/png' };

/**
 * One decode, one scaled draw, one encode: the picture scaled to at most `maxEdge` on its long
 * side. `source` is a file, decoded by the browser, or pixels decoded already (upright: pass
 * orientation 1). `orientation` is the file's EXIF orientation: applied by hand only where the
 * browser does not apply it while decoding. A JPEG gets a white background where the picture is
 * transparent; a PNG keeps its transparency.
 */
export async function encodeOnCanvas(
	source: Blob | ImageData,
	orientation: number,
	maxEdge: number,
	output: CanvasOutput
): Promise<{ bytes: Uint8Array<ArrayBuffer>; size: PixelSize }> {
	const turnByHand = orientation !== 1 && !(await browserAppliesExifOrientation());
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
	} catch (e) {
		throw new DecodeError(e);
	}
	try {
		const quarterTurn = turnByHand && orientation >= 5;
		const shown = quarterTurn
			? { width: bitmap.height, height: bitmap.width }
			: { width: bitmap.width, height: bitmap.height };
		const size = fitWithin(shown, maxEdge);
		const canvas = new OffscreenCanvas(size.width, size.height);
		const ctx = canvas.getContext('2d');
		if (ctx === null) throw new Error('no 2d context');
		if (output.type === 'image/jpeg') {
			// JPEG has no alpha: transparent pixels turn white, as the library does it.
			ctx.fillStyle = '#fff';
			ctx.fillRect(0, 0, size.width, size.height);
		}
		if (turnByHand) applyOrientation(ctx, orientation, size);
		ctx.imageSmoothingEnabled = true;
		ctx.imageSmoothingQuality = 'high';
		const drawn = quarterTurn ? { width: size.height, height: size.width } : size;
		ctx.drawImage(bitmap, 0, 0, drawn.width, drawn.height);
		const encoded = await canvas.convertToBlob(output);
		canvas.width = 0;
		canvas.height = 0;
		return { bytes: new Uint8Array(await encoded.arrayBuffer()), size };
	} finally {
		bitmap.close();
	}
}

/** The size the browser decodes `blob` to; throws `DecodeError` where it cannot decode it. */
export async function decodedSize(blob: Blob): Promise<PixelSize> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
	} catch (e) {
		throw new DecodeError(e);
	}
	const size = { width: bitmap.width, height: bitmap.height };
	bitmap.close();
	return size;
}

/** Maps the stored picture (drawn at the origin) onto a canvas of the shown `size`. */
function applyOrientation(
	ctx: OffscreenCanvasRenderingContext2D,
	orientation: number,
	size: PixelSize
): void {
	const { width: w, height: h } = size;
	const transforms: Record<number, [number, number, number, number, number, number]> = {
		2: [-1, 0, 0, 1, w, 0],
		3: [-1, 0, 0, -1, w, h],
		4: [1, 0, 0, -1, 0, h],
		5: [0, 1, 1, 0, 0, 0],
		6: [0, 1, -1, 0, w, 0],
		7: [0, -1, -1, 0, w, h],
		8: [0, -1, 1, 0, 0, h]
	};
	const t = transforms[orientation];
	if (t) ctx.setTransform(...t);
}

/** A 2x1 JPEG whose EXIF says Orientation 6: decoded upright it is 1x2. */
const ORIENTATION_PROBE =
	'/9j/4QAiRXhpZgAATU0AKgAAAAgAAQESAAMAAAABAAYAAAAAAAD/2wCEAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB' +
	'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB' +
	'AQEBAQEBAQEBAQEBAQEBAf/AABEIAAEAAgMBEQACEQEDEQH/xABKAAEAAAAAAAAAAAAAAAAAAAALEAEAAAAAAAAAAAAAAAAA' +
	'AAAAAQEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwA/8H//2Q==';

let appliesOrientation: Promise<boolean> | null = null;

/** Whether createImageBitmap turns a JPEG upright by its EXIF orientation (all current engines). */
export function browserAppliesExifOrientation(): Promise<boolean> {
	appliesOrientation ??= (async () => {
		const bytes = Uint8Array.from(atob(ORIENTATION_PROBE), (c) => c.charCodeAt(0));
		try {
			const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), {
				imageOrientation: 'from-image'
			});
			const upright = bitmap.width === 1 && bitmap.height === 2;
			bitmap.close();
			return upright;
		} catch {
			return true;
		}
	})();
	return appliesOrientation;
}
