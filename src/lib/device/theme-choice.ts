import { themeCookie, type ThemeChoice } from '$lib/protocol/theme-preference';

/** The theme the server painted this page in (from the tab's cookie): `system` when it set none. */
export function shownTheme(doc: Document = document): ThemeChoice {
	return (doc.documentElement.dataset.theme as ThemeChoice | undefined) ?? 'system';
}

/**
 * Shows `choice` at once (the page's `data-theme`; app.css reads `system` as no choice) and keeps
 * it in the cookie the server reads to paint the next page right, its theme-color too.
 */
export function chooseTheme(choice: ThemeChoice, doc: Document = document): void {
	doc.documentElement.dataset.theme = choice;
	doc.cookie = themeCookie(choice);
}
