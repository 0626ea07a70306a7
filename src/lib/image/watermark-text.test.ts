import { describe, expect, it } from 'vitest';
import { isWatermarkText, MAX_WATERMARK_CHARS, sanitizeWatermarkText } from './watermark-text';

describe('sanitizeWatermarkText', () => {
	it('leaves a plain name and time as it is', () => {
		expect(sanitizeWatermarkText('Quiet Otter · 14:03')).toBe('Quiet Otter · 14:03');
		expect(sanitizeWatermarkText('Zoë 🦦 · 9:03 PM')).toBe('Zoë 🦦 · 9:03 PM');
	});

	it('makes one line: whitespace runs and line breaks become one space, ends trimmed', () => {
		expect(sanitizeWatermarkText('  Quiet\tOtter\r\n·\u2028 14:03\u00a0 ')).toBe('Quiet Otter · 14:03');
	});

	it('removes control and invisible characters that could hide or reorder the name', () => {
		expect(sanitizeWatermarkText('Quiet\u0000 Ot\u0007ter\u007f')).toBe('Quiet Otter');
		// Right-to-left override, isolates, zero-width space, BOM, soft hyphen.
		expect(sanitizeWatermarkText('\u202eQuiet\u2066 Otter\u2069\u200b\ufeff\u00ad')).toBe('Quiet Otter');
		// A lone surrogate and a private-use character.
		expect(sanitizeWatermarkText('Otter\ud800\ue000')).toBe('Otter');
		// A control character between spaces leaves one space, not two.
		expect(sanitizeWatermarkText('Quiet \u0001 Otter')).toBe('Quiet Otter');
	});

	it('keeps the zero-width joiner of an emoji sequence', () => {
		const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
		expect(sanitizeWatermarkText(`${family} Otter`)).toBe(`${family} Otter`);
	});

	it('composes decomposed accents (NFC)', () => {
		expect(sanitizeWatermarkText('Zoe\u0308')).toBe('Zoë');
	});

	it(`cuts to ${MAX_WATERMARK_CHARS} code points without splitting a surrogate pair`, () => {
		expect(sanitizeWatermarkText('x'.repeat(200))).toBe('x'.repeat(MAX_WATERMARK_CHARS));
		const otters = '🦦'.repeat(100);
		const cut = sanitizeWatermarkText(otters);
		expect(Array.from(cut)).toHaveLength(MAX_WATERMARK_CHARS);
		expect(cut).toBe('🦦'.repeat(MAX_WATERMARK_CHARS));
		// A cut that ends on a space is trimmed.
		expect(sanitizeWatermarkText(`${'x'.repeat(79)} tail`)).toBe('x'.repeat(79));
	});

	it('may leave nothing', () => {
		expect(sanitizeWatermarkText('')).toBe('');
		expect(sanitizeWatermarkText(' \u0000\u200b\n ')).toBe('');
	});
});

describe('isWatermarkText', () => {
	it('accepts only text that sanitising leaves as it is', () => {
		expect(isWatermarkText('Quiet Otter · 14:03')).toBe(true);
		expect(isWatermarkText('')).toBe(false);
		expect(isWatermarkText('Quiet\nOtter')).toBe(false);
		expect(isWatermarkText('x'.repeat(81))).toBe(false);
		expect(isWatermarkText(null)).toBe(false);
		expect(isWatermarkText(['Otter'])).toBe(false);
	});
});
