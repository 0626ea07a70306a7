import type { IncomingHttpHeaders } from 'node:http';
import { LANGUAGE_COOKIE, bestLocale, isLocale, textDirection, type Locale } from '#i18n/locales';

const MAX_LANGUAGES = 20;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
	}
	return null;
}

/** The language tags of an Accept-Language header, most wanted first (q=0 and junk dropped). */
export function acceptedLanguages(header: string | undefined): string[] {
	const ranked: { tag: string; q: number; at: number }[] = [];
	for (const [at, item] of (header ?? '').split(',').slice(0, MAX_LANGUAGES).entries()) {
		const [rawTag = '', ...params] = item.split(';');
		const tag = rawTag.trim();
		if (!LANGUAGE_TAG.test(tag)) continue;
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const q = qParam === undefined ? 1 : Number(qParam.slice(2));
		if (Number.isFinite(q) && q > 0 && q <= 1) ranked.push({ tag, q, at });
	}
	return ranked.sort((a, b) => b.q - a.q || a.at - b.at).map((r) => r.tag);
}

/**
 * The language a page is served in: the one chosen in the `language` select (its cookie), else
 * the browser's (Accept-Language carries `navigator.languages`), else English.
 */
export function pageLocale(headers: IncomingHttpHeaders): Locale {
	const chosen = cookieValue(headers.cookie, LANGUAGE_COOKIE);
	if (isLocale(chosen)) return chosen;
	return bestLocale(acceptedLanguages(headers['accept-language']));
}

const HTML_START_TAG = /<html\b[^>]*>/i;
const LANGUAGE_ATTRIBUTE = /\s(?:lang|dir)(?=[\s=>])(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/gi;

/**
 * The page's `<html>` tag says its language and direction (the build only knows its own): the
 * tag's own `lang` and `dir` give way to them, at its end, and its other attributes stay as they
 * are, so this and the theme rewrite (`withPagePreferences`) can run in either order.
 */
export function withPageLanguage(html: string, locale: Locale): string {
	return html.replace(HTML_START_TAG, (tag) =>
		tag.replace(LANGUAGE_ATTRIBUTE, '').replace(/\s*>$/, ` lang="${locale}" dir="${textDirection(locale)}">`)
	);
}
