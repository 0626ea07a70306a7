/**
 * The theme a person picked on the home page, as the page and the server agree on it: the page
 * writes it into the `vd-theme` session cookie, and the server puts it on the `<html>` tag of
 * every page it serves, so the first paint is right without any script (the CSP allows none).
 * `system` follows `prefers-color-scheme`.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_COOKIE = 'vd-theme';

// One of the three values exactly, as a whole cookie: nothing else (a hostile value) is ever used.
const THEME_IN_COOKIES = /(?:^|;)\s*vd-theme=(system|light|dark)\s*(?:;|$)/;

/** The choice in a `Cookie` header or `document.cookie` (the first valid `vd-theme`), else `system`. */
export function themeFromCookies(cookies: string | undefined): ThemeChoice {
	return (THEME_IN_COOKIES.exec(cookies ?? '')?.[1] as ThemeChoice | undefined) ?? 'system';
}

/** What `document.cookie` is set to: for this browser session only, never sent to another site. */
export function themeCookie(choice: ThemeChoice): string {
	return `${THEME_COOKIE}=${choice}; SameSite=Strict; Path=/`;
}
