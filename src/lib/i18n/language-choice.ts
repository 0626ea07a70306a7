import { LANGUAGE_COOKIE, type Locale } from './locales';

/**
 * Remembers `locale` for this browser session (a session cookie: no expiry, gone when the browser
 * closes) and reloads the page: the server serves each language from a build of its own, so only
 * that language's messages ever load.
 */
export function chooseLanguage(
	locale: Locale,
	page: { setCookie(cookie: string): void; reload(): void; secure: boolean }
): void {
	page.setCookie(`${LANGUAGE_COOKIE}=${locale}; Path=/; SameSite=Strict${page.secure ? '; Secure' : ''}`);
	page.reload();
}
