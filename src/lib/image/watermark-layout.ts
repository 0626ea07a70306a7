/**
 * Where a watermark's text goes: one stamp (the text, outlined) repeated on a brick grid turned
 * `WATERMARK_ANGLE`, across the whole picture, so that any sizeable crop still holds it. Pure
 * geometry; the drawing is in `photo-watermark.ts`.
 */
import type { PixelSize } from './image-header';

/** -30°: the text rises from left to right. */
export const WATERMARK_ANGLE = -Math.PI / 6;
/** Faint, yet readable: the white fill shows on dark areas, the dark outline on light ones. */
export const WATERMARK_OPACITY = 0.22;
export const MIN_WATERMARK_FONT_PX = 14;
/** Installed everywhere: no web font to fetch, which a strict CSP and offline use rule out anyway. */
export const WATERMARK_FONT_FAMILY =
	'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** A line's height, outline included, in font sizes. */
const LINE_HEIGHT = 1.3;
/** The turned stamp spans at most this share of each side: any crop of half the picture holds a whole copy. */
const MAX_SHARE = 1 / 3;

/**
 * A 28th of the width, made smaller where the text is long (or the picture a panorama) so that
 * the turned stamp spans no more than a third of either side; 14 px at least. `em` is the text's
 * width in font sizes (its width at 1 px).
 */
export function watermarkFontSize(size: PixelSize, em: number): number {
	const cos = Math.abs(Math.cos(WATERMARK_ANGLE));
	const sin = Math.abs(Math.sin(WATERMARK_ANGLE));
	const length = Number.isFinite(em) && em > 0 ? em : 0;
	const fitX = (size.width * MAX_SHARE) / (length * cos + LINE_HEIGHT * sin);
	const fitY = (size.height * MAX_SHARE) / (length * sin + LINE_HEIGHT * cos);
	return Math.max(MIN_WATERMARK_FONT_PX, Math.floor(Math.min(size.width / 28, fitX, fitY)));
}

/** The gaps between stamps, in the turned frame: along the text and from one line to the next. */
export function watermarkSteps(stamp: PixelSize, fontSize: number): { along: number; across: number } {
	return { along: stamp.width + 2 * fontSize, across: Math.max(3 * fontSize, stamp.height + fontSize) };
}

/** A stamp's centre on the picture, in pixels; the stamp is drawn turned by `WATERMARK_ANGLE` about it. */
export interface WatermarkTile {
	x: number;
	y: number;
}

/**
 * The centres of every stamp that touches the picture. The grid is centred on the picture, and
 * every other line is shifted by half a step so that the copies do not line up into columns.
 */
export function watermarkTiles(size: PixelSize, stamp: PixelSize, fontSize: number): WatermarkTile[] {
	const { along, across } = watermarkSteps(stamp, fontSize);
	const cos = Math.cos(WATERMARK_ANGLE);
	const sin = Math.sin(WATERMARK_ANGLE);
	// Half the stamp's axis-aligned bounding box once turned.
	const halfX = (Math.abs(stamp.width * cos) + Math.abs(stamp.height * sin)) / 2;
	const halfY = (Math.abs(stamp.width * sin) + Math.abs(stamp.height * cos)) / 2;
	const cx = size.width / 2;
	const cy = size.height / 2;
	const reach = Math.hypot(size.width, size.height) / 2 + Math.hypot(stamp.width, stamp.height) / 2;
	const lines = Math.ceil(reach / across);
	const perLine = Math.ceil(reach / along) + 1;
	const tiles: WatermarkTile[] = [];
	for (let k = -lines; k <= lines; k++) {
		const v = k * across;
		const shift = k % 2 === 0 ? 0 : along / 2;
		for (let j = -perLine; j <= perLine; j++) {
			const u = j * along + shift;
			const x = cx + u * cos - v * sin;
			const y = cy + u * sin + v * cos;
			if (x + halfX > 0 && x - halfX < size.width && y + halfY > 0 && y - halfY < size.height) {
				tiles.push({ x, y });
			}
		}
	}
	return tiles;
}
