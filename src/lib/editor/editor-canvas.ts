/**
 * The browser side of the editor: a prepared photo (checked, upright, stripped) decoded into
 * pixels, pixels shown on a canvas, and the edited pixels made into a lossless PNG file that the
 * photo pipeline then prepares like any other.
 */
import type { PreparedPhoto } from '../image/prepared-photo';
import type { PixelRect } from './edit-geometry';
import type { Pixels } from './pixel-edits';

/** The prepared photo's pixels. Throws where the browser cannot decode them (it made them). */
export async function decodeForEditing(photo: PreparedPhoto): Promise<Pixels> {
	const bitmap = await createImageBitmap(new Blob([photo.bytes], { type: photo.mime }));
	try {
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const ctx = canvas.getContext('2d');
		if (ctx === null) throw new Error('no 2d context');
		ctx.drawImage(bitmap, 0, 0);
		const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
		return { width: image.width, height: image.height, data: image.data };
	} finally {
		bitmap.close();
	}
}

function imageData(p: Pixels): ImageData {
	return new ImageData(p.data as Uint8ClampedArray<ArrayBuffer>, p.width, p.height);
}

/** Shows `pixels` on `canvas`, sized to them; `dirty` redraws only that part. */
export function paint(canvas: HTMLCanvasElement, pixels: Pixels, dirty?: PixelRect): void {
	if (canvas.width !== pixels.width || canvas.height !== pixels.height) {
		canvas.width = pixels.width;
		canvas.height = pixels.height;
		dirty = undefined;
	}
	const ctx = canvas.getContext('2d');
	if (ctx === null) return;
	const image = imageData(pixels);
	if (dirty) ctx.putImageData(image, 0, 0, dirty.x, dirty.y, dirty.width, dirty.height);
	else ctx.putImageData(image, 0, 0);
}

/** The edited pixels as a PNG file named after the original. */
export async function encodeEdited(pixels: Pixels, name: string): Promise<File> {
	const canvas = new OffscreenCanvas(pixels.width, pixels.height);
	const ctx = canvas.getContext('2d');
	if (ctx === null) throw new Error('no 2d context');
	ctx.putImageData(imageData(pixels), 0, 0);
	const blob = await canvas.convertToBlob({ type: 'image/png' });
	canvas.width = 0;
	canvas.height = 0;
	const base = name.replace(/\.[^.]*$/, '') || 'photo';
	return new File([blob], `${base}-edited.png`, { type: 'image/png' });
}
