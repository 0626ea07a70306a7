import { themeFromCookies, type ThemeChoice } from '#protocol/theme-preference';

/** What the served page is tailored to, read from the request's cookies. */
export interface PagePreferences {
	theme: ThemeChoice;
}

/** The preferences in a `Cookie` header: only known values count, anything else is the default. */
export function pagePreferences(cookieHeader: string | undefined): PagePreferences {
	return { theme: themeFromCookies(cookieHeader) };
}

type ColorScheme = Exclude<ThemeChoice, 'system'>;

/**
 * The `media` of the page's `<meta name="theme-color" data-scheme>` for `scheme`: its own media
 * query while the theme follows the system; for a chosen theme, `all` on that scheme's tag and
 * `not all` on the other's, so the browser's bar takes the chosen colour.
 */
export function themeColorMedia(scheme: ColorScheme, choice: ThemeChoice): string {
	if (choice === 'system') return `(prefers-color-scheme: ${scheme})`;
	return choice === scheme ? 'all' : 'not all';
}

const HTML_START_TAG = /<html\b[^>]*>/i;
const THEME_ATTRIBUTE = /\sdata-theme\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const THEME_COLOR_META = /<meta\b[^>]*\bname="theme-color"[^>]*>/gi;
const META_SCHEME = /\sdata-scheme="(light|dark)"/;
const META_MEDIA = /\smedia="[^"]*"/;

/**
 * `html` as painted for `prefs`, with no script: a chosen theme goes on the `<html>` tag as
 * `data-theme` (app.css reads it), and each `<meta name="theme-color" data-scheme>` gets the
 * `media` that makes the browser take the chosen theme's colour. `system` adds nothing.
 */
export function withPagePreferences(html: string, prefs: PagePreferences): string {
	const { theme } = prefs;
	return html
		.replace(HTML_START_TAG, (tag) => {
			const bare = tag.replace(THEME_ATTRIBUTE, '');
			return theme === 'system' ? bare : bare.replace(/^<html/i, `$& data-theme="${theme}"`);
		})
		.replace(THEME_COLOR_META, (tag) => {
			const scheme = META_SCHEME.exec(tag)?.[1] as ColorScheme | undefined;
			if (!scheme || !META_MEDIA.test(tag)) return tag;
			return tag.replace(META_MEDIA, ` media="${themeColorMedia(scheme, theme)}"`);
		});
}
