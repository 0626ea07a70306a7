import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '#i18n/locales';
import type { ThemeChoice } from '#protocol/theme-preference';
import { acceptedLanguages, cookieValue, pageLocale, withPageLanguage } from './page-locale';
import { withPagePreferences } from './page-preferences';

const TEMPLATE = readFileSync(new URL('../../src/app.html', import.meta.url), 'utf8');
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

describe('page locale', () => {
	it('reads one cookie out of many', () => {
		expect(cookieValue('a=1; vd-lang=de; b=2', 'vd-lang')).toBe('de');
		expect(cookieValue('xvd-lang=de', 'vd-lang')).toBeNull();
		expect(cookieValue(undefined, 'vd-lang')).toBeNull();
	});

	it('ranks Accept-Language by q, in order for equal q, without junk', () => {
		expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual([
			'fr-CH',
			'fr',
			'en',
			'de'
		]);
		expect(acceptedLanguages('de;q=0.5, es')).toEqual(['es', 'de']);
		expect(acceptedLanguages('ar;q=0, <script>, pt-BR;q=x, ja')).toEqual(['ja']);
		expect(acceptedLanguages(undefined)).toEqual([]);
	});

	it('takes the chosen language first, then the browser, then English', () => {
		expect(pageLocale({ cookie: 'vd-lang=ar', 'accept-language': 'de' })).toBe('ar');
		expect(pageLocale({ cookie: 'vd-lang=xx', 'accept-language': 'pt-PT,en;q=0.5' })).toBe('pt-BR');
		expect(pageLocale({ cookie: 'vd-lang="de"' })).toBe('en');
		expect(pageLocale({})).toBe('en');
	});

	it('sets lang and dir on the html tag', () => {
		expect(withPageLanguage('<!doctype html>\n<html lang="en">\n<head>', 'ar')).toBe(
			'<!doctype html>\n<html lang="ar" dir="rtl">\n<head>'
		);
		expect(withPageLanguage('<html lang="en">', 'pt-BR')).toBe('<html lang="pt-BR" dir="ltr">');
	});

	it("replaces the tag's own lang and dir, and keeps its other attributes", () => {
		expect(withPageLanguage(`<html data-theme="dark" dir='rtl' lang=ar class="x">`, 'de')).toBe(
			'<html data-theme="dark" class="x" lang="de" dir="ltr">'
		);
		expect(withPageLanguage('<html data-lang="x" xml:lang="en">', 'fr')).toBe(
			'<html data-lang="x" xml:lang="en" lang="fr" dir="ltr">'
		);
		expect(withPageLanguage('<html>', 'ar')).toBe('<html lang="ar" dir="rtl">');
	});

	it('gives the same page whether it runs before or after the theme rewrite', () => {
		for (const page of [TEMPLATE, '<html data-theme="light" dir="ltr" lang="en"><head></head></html>']) {
			for (const locale of LOCALES) {
				for (const theme of THEMES) {
					const languageFirst = withPagePreferences(withPageLanguage(page, locale), { theme });
					const themeFirst = withPageLanguage(withPagePreferences(page, { theme }), locale);
					expect(themeFirst, `${locale}, ${theme}`).toBe(languageFirst);
					expect(languageFirst).toContain(`lang="${locale}"`);
					if (theme !== 'system') expect(languageFirst).toContain(`data-theme="${theme}"`);
				}
			}
		}
	});
});
