/**
 * Where a pointer on the editor's picture lands in the picture's own pixels, and the rectangles
 * a drag makes there. The picture is shown scaled to fit; every edit is made in its pixels.
 */

export interface Point {
	x: number;
	y: number;
}

/** Whole pixels, inside the picture: `x`, `y` its top left, `width` and `height` at least 1. */
export interface PixelRect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface Size {
	width: number;
	height: number;
}

/** The picture as shown on screen: its box in client coordinates (`getBoundingClientRect`). */
export interface ShownBox {
	left: number;
	top: number;
	width: number;
	height: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A pointer at `client` (client coordinates) as a point in the picture's pixels, kept inside it. */
export function toPicture(client: Point, shown: ShownBox, picture: Size): Point {
	const sx = shown.width > 0 ? picture.width / shown.width : 0;
	const sy = shown.height > 0 ? picture.height / shown.height : 0;
	return {
		x: clamp((client.x - shown.left) * sx, 0, picture.width),
		y: clamp((client.y - shown.top) * sy, 0, picture.height)
	};
}

/**
 * The rectangle a drag from `a` to `b` covers, in whole pixels, inside the picture; null when it
 * covers less than `minSide` pixels in either direction (a tap, not a drag).
 */
export function dragRect(a: Point, b: Point, picture: Size, minSide = 1): PixelRect | null {
	const x0 = clamp(Math.floor(Math.min(a.x, b.x)), 0, picture.width);
	const y0 = clamp(Math.floor(Math.min(a.y, b.y)), 0, picture.height);
	const x1 = clamp(Math.ceil(Math.max(a.x, b.x)), 0, picture.width);
	const y1 = clamp(Math.ceil(Math.max(a.y, b.y)), 0, picture.height);
	if (x1 - x0 < Math.max(1, minSide) || y1 - y0 < Math.max(1, minSide)) return null;
	return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A square of side `side` centred on `at`, cut to the picture: one dab of the brush. */
export function brushDab(at: Point, side: number, picture: Size): PixelRect | null {
	const half = side / 2;
	return dragRect({ x: at.x - half, y: at.y - half }, { x: at.x + half, y: at.y + half }, picture);
}

/**
 * Dabs along the stroke from `from` to `to`, close enough together (half a side apart) that the
 * stroke has no gaps however fast the pointer moved.
 */
export function brushStroke(from: Point, to: Point, side: number, picture: Size): PixelRect[] {
	const distance = Math.hypot(to.x - from.x, to.y - from.y);
	const steps = Math.max(1, Math.ceil(distance / Math.max(1, side / 2)));
	const dabs: PixelRect[] = [];
	for (let i = 1; i <= steps; i++) {
		const t = i / steps;
		const dab = brushDab({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }, side, picture);
		if (dab) dabs.push(dab);
	}
	return dabs;
}

/** The brush's side for a picture: about a twentieth of its short side, never under 24 px. */
export function brushSide(picture: Size): number {
	return Math.max(24, Math.round(Math.min(picture.width, picture.height) / 20));
}

/** The picture's size after a quarter turn. */
export function turnedSize(size: Size): Size {
	return { width: size.height, height: size.width };
}
