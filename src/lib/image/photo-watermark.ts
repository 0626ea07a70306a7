/**
 * The worker side of `watermarkPhoto`: a prepared photo in, the same photo with a name drawn
 * faintly across it out, as a JPEG with no metadata. Browser-only (OffscreenCanvas).
 */
import type { PixelSize } from './image-header';
import { inspectPhoto } from './inspect-photo';
import { cleanCanvasJpeg } from './photo-pipeline';
import { PrepareError } from './prepare-error';
import type { PreparedMime } from './prepare-messages';
import {
	WATERMARK_ANGLE,
	WATERMARK_FONT_FAMILY,
	WATERMARK_OPACITY,
	watermarkFontSize,
	watermarkTiles
} from './watermark-layout';

export const WATERMARK_JPEG_QUALITY = 0.9;

export interface WatermarkInput {
	mime: PreparedMime;
	width: number;
	height: number;
}

export async function watermarkPhotoBytes(
	photo: Blob,
	expected: WatermarkInput,
	text: string,
	onProgress: (pct: number) => void
): Promise<{ bytes: Uint8Array<ArrayBuffer>; width: number; height: number }> {
	const input = new Uint8Array(await photo.arrayBuffer());
	const inspection = inspectPhoto(input);
	const { header, shownSize } = inspection;
	// A prepared photo is upright with no EXIF: anything else is not what the page thinks it sends.
	const asExpected =
		header.mime === expected.mime &&
		inspection.orientation === 1 &&
		shownSize.width === expected.width &&
		shownSize.height === expected.height;
	if (!asExpected) throw new PrepareError('failed');
	onProgress(5);

	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(new Blob([input], { type: header.mime }));
	} catch {
		throw new PrepareError('corrupt');
	}
	const size = { width: expected.width, height: expected.height };
	const canvas = new OffscreenCanvas(size.width, size.height);
	try {
		if (bitmap.width !== size.width || bitmap.height !== size.height) throw new PrepareError('failed');
		const ctx = canvas.getContext('2d');
		if (ctx === null) throw new PrepareError('failed');
		// JPEG has no alpha: a transparent PNG gets a white background, as preparing does it.
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, size.width, size.height);
		ctx.drawImage(bitmap, 0, 0);
		onProgress(30);
		drawWatermark(ctx, size, text);
		onProgress(45);
		const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: WATERMARK_JPEG_QUALITY });
		onProgress(90);
		const bytes = cleanCanvasJpeg(new Uint8Array(await jpeg.arrayBuffer()));
		const out = inspectPhoto(bytes).shownSize;
		if (out.width !== size.width || out.height !== size.height) throw new PrepareError('failed');
		onProgress(95);
		return { bytes, ...size };
	} finally {
		bitmap.close();
		canvas.width = 0;
		canvas.height = 0;
	}
}

/** Stamps `text` across the whole canvas, turned and faint. */
function drawWatermark(ctx: OffscreenCanvasRenderingContext2D, size: PixelSize, text: string): void {
	const measure = new OffscreenCanvas(1, 1).getContext('2d');
	if (measure === null) throw new PrepareError('failed');
	measure.font = fontAt(100);
	const fontSize = watermarkFontSize(size, measure.measureText(text).width / 100);
	const stamp = renderStamp(measure, text, fontSize);
	const cos = Math.cos(WATERMARK_ANGLE);
	const sin = Math.sin(WATERMARK_ANGLE);
	ctx.save();
	ctx.globalAlpha = WATERMARK_OPACITY;
	ctx.imageSmoothingEnabled = true;
	for (const { x, y } of watermarkTiles(size, stamp, fontSize)) {
		ctx.setTransform(cos, sin, -sin, cos, x, y);
		ctx.drawImage(stamp, -stamp.width / 2, -stamp.height / 2);
	}
	ctx.restore();
}

function fontAt(px: number): string {
	return `600 ${px}px ${WATERMARK_FONT_FAMILY}`;
}

/**
 * The text once, opaque: white with a dark outline, so that either shows whatever lies under it.
 * Drawn at full opacity and then stamped faintly, the outline and the fill do not add up where
 * they overlap. Throws where nothing could be drawn (no font): a photo must never go out
 * unmarked when it was meant to be marked.
 */
function renderStamp(
	measure: OffscreenCanvasRenderingContext2D,
	text: string,
	fontSize: number
): OffscreenCanvas {
	const font = fontAt(fontSize);
	measure.font = font;
	const metrics = measure.measureText(text);
	const outline = Math.max(2, Math.round(fontSize / 8));
	const pad = outline + 2;
	const left = Math.max(0, metrics.actualBoundingBoxLeft);
	const inkWidth = left + Math.max(metrics.width, metrics.actualBoundingBoxRight);
	// The font's box rather than the ink's: names with and without descenders sit alike.
	const ascent = Math.max(metrics.fontBoundingBoxAscent || 0, metrics.actualBoundingBoxAscent);
	const descent = Math.max(metrics.fontBoundingBoxDescent || 0, metrics.actualBoundingBoxDescent);
	if (!(inkWidth > 0) || !(ascent + descent > 0)) throw new PrepareError('failed');

	const stamp = new OffscreenCanvas(Math.ceil(inkWidth + 2 * pad), Math.ceil(ascent + descent + 2 * pad));
	const ctx = stamp.getContext('2d', { willReadFrequently: true });
	if (ctx === null) throw new PrepareError('failed');
	ctx.font = font;
	ctx.textBaseline = 'alphabetic';
	ctx.lineJoin = 'round';
	ctx.lineWidth = outline;
	ctx.strokeStyle = '#000';
	ctx.fillStyle = '#fff';
	const x = pad + left;
	const y = pad + ascent;
	ctx.strokeText(text, x, y);
	ctx.fillText(text, x, y);
	if (!hasInk(ctx, stamp)) throw new PrepareError('failed');
	return stamp;
}

function hasInk(ctx: OffscreenCanvasRenderingContext2D, canvas: OffscreenCanvas): boolean {
	const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
	let inked = 0;
	for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 128) inked++;
	// Even one short glyph covers more than a few pixels.
	return inked >= 16;
}
