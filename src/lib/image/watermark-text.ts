/**
 * The text drawn across a watermarked photo: one line of at most `MAX_WATERMARK_CHARS` visible
 * characters. Sanitised on the page, and checked again in the worker.
 */

export const MAX_WATERMARK_CHARS = 80;

/**
 * Control, format (bidi overrides, BOM...), lone surrogate, private-use and unassigned code
 * points, which could hide or reorder the name. The zero-width joiner stays: emoji need it.
 * Whitespace controls (tab, newline) are left to `WHITESPACE`, which turns them into spaces.
 */
const INVISIBLE = /(?![\u200d\p{White_Space}])\p{C}/gu;
const WHITESPACE = /\p{White_Space}+/gu;

/**
 * One line of printable text: invisible characters removed, every run of whitespace (line breaks
 * included) made one space, trimmed, and cut to `MAX_WATERMARK_CHARS` code points. May be empty.
 */
export function sanitizeWatermarkText(text: string): string {
	const line = text.normalize('NFC').replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim();
	const chars = Array.from(line);
	return chars.length <= MAX_WATERMARK_CHARS ? line : chars.slice(0, MAX_WATERMARK_CHARS).join('').trimEnd();
}

/** True for text that sanitising leaves as it is and that is not empty. */
export function isWatermarkText(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && sanitizeWatermarkText(value) === value;
}
