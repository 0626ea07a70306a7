import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_LOCALE, LOCALES, LOCALE_NAMES, bestLocale, isLocale, textDirection } from './locales';

describe('locales', () => {
	it('are the ones the inlang project compiles', () => {
		const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
			baseLocale: string;
			locales: string[];
		};
		expect(settings.locales).toEqual([...LOCALES]);
		expect(settings.baseLocale).toBe(BASE_LOCALE);
	});

	it('each has its own name and a direction', () => {
		for (const locale of LOCALES) expect(LOCALE_NAMES[locale].length).toBeGreaterThan(1);
		expect(textDirection('ar')).toBe('rtl');
		expect(textDirection('de')).toBe('ltr');
	});

	it('picks an exact tag, then the same language, then English', () => {
		expect(bestLocale(['fr-CA', 'de'])).toBe('fr');
		expect(bestLocale(['pt-BR'])).toBe('pt-BR');
		expect(bestLocale(['pt-PT'])).toBe('pt-BR');
		expect(bestLocale(['PT-br'])).toBe('pt-BR');
		expect(bestLocale(['ja', 'es-419'])).toBe('es');
		expect(bestLocale(['ar-EG'])).toBe('ar');
		expect(bestLocale(['ja', 'zh'])).toBe('en');
		expect(bestLocale([])).toBe('en');
	});

	it('tells a locale from anything else', () => {
		expect(isLocale('de')).toBe(true);
		expect(isLocale('pt-br')).toBe(false);
		expect(isLocale('__proto__')).toBe(false);
		expect(isLocale(undefined)).toBe(false);
	});
});
