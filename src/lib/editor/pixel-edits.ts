/**
 * The edits drawn into the picture's pixels (RGBA, as `ImageData` holds them): a quarter turn,
 * a crop, and redaction. Each returns or changes the pixels themselves, so what is encoded and
 * sent afterwards is only the edited picture: there is no layer, mask or original to recover.
 */
import type { PixelRect, Size } from './edit-geometry';

/** RGBA pixels row after row, 4 bytes each: an `ImageData`, or the same shape in a test. */
export interface Pixels extends Size {
	data: Uint8ClampedArray;
}

/** The smallest pixelation block: below this, sharpening and upscaling can bring text back. */
export const MIN_BLOCK = 16;

/** Pixelation blocks for a picture: at least `MIN_BLOCK`, larger on large pictures (1/80 of the long side). */
export function blockSize(picture: Size): number {
	return Math.max(MIN_BLOCK, Math.ceil(Math.max(picture.width, picture.height) / 80));
}

function make(width: number, height: number): Pixels {
	return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/** The picture turned a quarter turn clockwise. */
export function turnClockwise(src: Pixels): Pixels {
	const { width: w, height: h } = src;
	const out = make(h, w);
	const aligned = src.data.byteOffset % 4 === 0 ? src.data : src.data.slice();
	const s = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
	const d = new Uint32Array(out.data.buffer, 0, w * h);
	// Source (x, y) goes to (h - 1 - y, x) in a picture h wide.
	for (let y = 0; y < h; y++) {
		const row = y * w;
		const col = h - 1 - y;
		for (let x = 0; x < w; x++) d[x * h + col] = s[row + x]!;
	}
	return out;
}

/** The pixels inside `rect`, a new picture of its size. */
export function crop(src: Pixels, rect: PixelRect): Pixels {
	const r = inside(src, rect);
	const out = make(r.width, r.height);
	for (let y = 0; y < r.height; y++) {
		const from = ((r.y + y) * src.width + r.x) * 4;
		out.data.set(src.data.subarray(from, from + r.width * 4), y * r.width * 4);
	}
	return out;
}

/** `rect` cut to the picture; throws when nothing is left (a caller's bug). */
function inside(p: Size, rect: PixelRect): PixelRect {
	const x0 = Math.max(0, Math.floor(rect.x));
	const y0 = Math.max(0, Math.floor(rect.y));
	const x1 = Math.min(p.width, Math.ceil(rect.x + rect.width));
	const y1 = Math.min(p.height, Math.ceil(rect.y + rect.height));
	if (x1 <= x0 || y1 <= y0) throw new RangeError('rectangle outside the picture');
	return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Every pixel in `rect` made opaque black. */
export function blackOut(p: Pixels, rect: PixelRect): void {
	const r = inside(p, rect);
	for (let y = r.y; y < r.y + r.height; y++) {
		const row = p.data.subarray((y * p.width + r.x) * 4, (y * p.width + r.x + r.width) * 4);
		for (let i = 0; i < row.length; i += 4) {
			row[i] = 0;
			row[i + 1] = 0;
			row[i + 2] = 0;
			row[i + 3] = 255;
		}
	}
}

/**
 * `rect` grown outward to whole blocks of the picture's block grid (blocks start at 0, 0): a
 * pixelated area is made only of whole blocks, and two strokes over one block agree.
 */
export function toBlockGrid(p: Size, rect: PixelRect, block: number): PixelRect {
	const r = inside(p, rect);
	const x0 = Math.floor(r.x / block) * block;
	const y0 = Math.floor(r.y / block) * block;
	const x1 = Math.min(p.width, Math.ceil((r.x + r.width) / block) * block);
	const y1 = Math.min(p.height, Math.ceil((r.y + r.height) / block) * block);
	return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Every block of the grid that `rect` touches filled with its own mean colour (opaque): blocks
 * of `block` pixels, at least `MIN_BLOCK`. What was inside a block is gone but for that mean.
 */
export function pixelate(p: Pixels, rect: PixelRect, block: number): void {
	if (!(block >= MIN_BLOCK)) throw new RangeError(`blocks must be at least ${MIN_BLOCK} px`);
	const r = toBlockGrid(p, rect, block);
	for (let by = r.y; by < r.y + r.height; by += block) {
		for (let bx = r.x; bx < r.x + r.width; bx += block) {
			const w = Math.min(block, p.width - bx);
			const h = Math.min(block, p.height - by);
			let red = 0;
			let green = 0;
			let blue = 0;
			for (let y = by; y < by + h; y++) {
				for (let i = (y * p.width + bx) * 4, end = i + w * 4; i < end; i += 4) {
					red += p.data[i]!;
					green += p.data[i + 1]!;
					blue += p.data[i + 2]!;
				}
			}
			const n = w * h;
			const mean = [Math.round(red / n), Math.round(green / n), Math.round(blue / n), 255];
			for (let y = by; y < by + h; y++) {
				for (let i = (y * p.width + bx) * 4, end = i + w * 4; i < end; i += 4) p.data.set(mean, i);
			}
		}
	}
}

export type RedactStyle = 'black' | 'pixelate';

/** One redaction of `rect` in the chosen style. */
export function redact(p: Pixels, rect: PixelRect, style: RedactStyle): void {
	if (style === 'black') blackOut(p, rect);
	else pixelate(p, rect, blockSize(p));
}
