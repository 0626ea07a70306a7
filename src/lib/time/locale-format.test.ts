import { afterEach, describe, expect, it } from 'vitest';
import { baseLocale, getLocale, overwriteGetLocale } from '../paraglide/runtime';
import {
	formatClockTime,
	formatList,
	formatPercent,
	formatShortTime,
	warmUpFormatters
} from './locale-format';

const pageLocale = getLocale;

describe('locale-format', () => {
	afterEach(() => overwriteGetLocale(pageLocale));

	it('speaks the English of the existing screens', () => {
		overwriteGetLocale(() => baseLocale);
		expect(formatPercent(42)).toBe('42%');
		expect(formatList(['39 destroyed', '2 expired'])).toBe('39 destroyed, 2 expired');
		expect(formatClockTime(Date.UTC(2026, 0, 1, 14, 5, 9))).toMatch(/^\d{2}:05:09\s?[AP]M$/);
	});

	it("follows the page's language", () => {
		overwriteGetLocale(() => 'de');
		expect(formatPercent(42)).toBe('42\u00a0%');
		expect(formatList(['39 zerstört', '2 abgelaufen', '1 verbrannt'])).toBe(
			'39 zerstört, 2 abgelaufen und 1 verbrannt'
		);
		expect(formatShortTime(Date.UTC(2026, 0, 1, 14, 5))).toMatch(/^\d{2}:05$/);
	});

	it("makes the cards' and the watermark's formatters when the page is idle, not at once", () => {
		const jobs: (() => void)[] = [];
		warmUpFormatters((run) => jobs.push(run));
		expect(jobs).toHaveLength(2);
		for (const job of jobs) job();
		overwriteGetLocale(() => baseLocale);
		expect(formatPercent(7)).toBe('7%');
	});
});
