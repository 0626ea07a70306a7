import { describe, expect, it } from 'vitest';
import { themeCookie, themeFromCookies } from './theme-preference';

describe('theme preference', () => {
	it('reads the vd-theme cookie among others', () => {
		expect(themeFromCookies('vd-theme=light')).toBe('light');
		expect(themeFromCookies('a=1; vd-theme=dark; b=2')).toBe('dark');
		expect(themeFromCookies('vd-theme=light ;x=1')).toBe('light');
		expect(themeFromCookies('a=1;vd-theme=system')).toBe('system');
		expect(themeFromCookies('vd-theme=dark; vd-theme=light')).toBe('dark');
	});

	it('is system without the cookie', () => {
		expect(themeFromCookies(undefined)).toBe('system');
		expect(themeFromCookies('')).toBe('system');
		expect(themeFromCookies('other=light; xvd-theme=dark; vd-themes=dark')).toBe('system');
	});

	it('ignores every value but the three', () => {
		for (const value of [
			'"><script>alert(1)</script>',
			'light"',
			'light=dark',
			'Light',
			'dark x',
			'%6Cight',
			'',
			'light\u0000'
		]) {
			expect(themeFromCookies(`vd-theme=${value}`), value).toBe('system');
		}
	});

	it('writes a session cookie for this site only', () => {
		const cookie = themeCookie('dark');
		expect(cookie).toBe('vd-theme=dark; SameSite=Strict; Path=/');
		expect(cookie).not.toMatch(/max-age|expires/i);
		expect(themeFromCookies(cookie)).toBe('dark');
	});
});
