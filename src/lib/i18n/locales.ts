/**
 * The interface languages. Each build of the app is for one of them (scripts/build-app.mjs), and
 * the server picks the build a page is served from (signaling/http/page-locale.ts). Keep this list
 * in step with project.inlang/settings.json (a test checks).
 */
export const LOCALES = ['en', 'de', 'es', 'fr', 'pt-BR', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'en';

/** The cookie that holds a language chosen in the `language` select (a session cookie). */
export const LANGUAGE_COOKIE = 'vd-lang';

/** Each language's name in itself, for the select: the same in every interface language. */
export const LOCALE_NAMES: Record<Locale, string> = {
	en: 'English',
	de: 'Deutsch',
	es: 'Español',
	fr: 'Français',
	'pt-BR': 'Português (Brasil)',
	ar: 'العربية'
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar']);

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
	return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

/**
 * The first of `preferred` (BCP-47 tags, most wanted first, as in `navigator.languages` or a
 * parsed Accept-Language) that this app speaks: an exact tag, else the same language (`de-AT` →
 * `de`, `pt` or `pt-PT` → `pt-BR`). English when none fits.
 */
export function bestLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const lower = tag.trim().toLowerCase();
		const exact = LOCALES.find((locale) => locale.toLowerCase() === lower);
		if (exact) return exact;
		const language = lower.split('-', 1)[0];
		const sameLanguage = LOCALES.find((locale) => locale.toLowerCase().split('-', 1)[0] === language);
		if (sameLanguage) return sameLanguage;
	}
	return BASE_LOCALE;
}
