/**
 * The theme a person picked on the home page, as the page and the server agree on it: the page
 * writes it into the `vd-theme` session cookie, and the server puts it on the `<html>` tag of
 * every page it serves, so the first paint is right without any script (the CSP allows none).
 * `system` follows `prefers-color-scheme`.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type ColorScheme = Exclude<ThemeChoice, 'system'>;

export const THEME_COOKIE = 'vd-theme';

/** A cookie's value as a choice, or null: anything else (a hostile value too) is never used. */
export function parseThemeChoice(value: string | undefined): ThemeChoice | null {
	return value === 'system' || value === 'light' || value === 'dark' ? value : null;
}

/** The choice in a `Cookie` header or `document.cookie` (the first `vd-theme`); `system` when none is valid. */
export function themeFromCookies(cookies: string | undefined): ThemeChoice {
	for (const pair of (cookies ?? '').split(';')) {
		const eq = pair.indexOf('=');
		if (eq >= 0 && pair.slice(0, eq).trim() === THEME_COOKIE)
			return parseThemeChoice(pair.slice(eq + 1).trim()) ?? 'system';
	}
	return 'system';
}

/** What `document.cookie` is set to: for this browser session only, never sent to another site. */
export function themeCookie(choice: ThemeChoice): string {
	return `${THEME_COOKIE}=${choice}; SameSite=Strict; Path=/`;
}

/**
 * The `media` of the page's `<meta name="theme-color">` for `scheme`: its own media query while
 * the theme follows the system; for a chosen theme, `all` on that scheme's tag and `not all` on
 * the other's, so the browser's bar takes the chosen colour.
 */
export function themeColorMedia(scheme: ColorScheme, choice: ThemeChoice): string {
	if (choice === 'system') return `(prefers-color-scheme: ${scheme})`;
	return choice === scheme ? 'all' : 'not all';
}
