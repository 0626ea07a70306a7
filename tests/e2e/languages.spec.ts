import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { catalogMessages } from './support/message-catalog';
import { SCREEN_WIDTHS, createPrivateRoom } from './support/room-steps';
import { expectNoHorizontalOverflow, layoutShotName, screenTour } from './support/screen-tour';

const LOCALES = ['en', 'de', 'es', 'fr', 'pt-BR', 'ar'] as const;

/** The text of every script the page loads from now on. */
function loadedScripts(page: Page): string[] {
	const bodies: string[] = [];
	page.on('response', async (response) => {
		if (response.request().resourceType() !== 'script') return;
		try {
			bodies.push(await response.text());
		} catch {
			// A navigation dropped it; the next page loads its own.
		}
	});
	return bodies;
}

test('the page follows the browser, and the language select changes it for the session', async ({
	openDevice
}) => {
	const german = catalogMessages('de');
	const device = await openDevice({ context: { locale: 'de-AT' } });
	const { page } = device;
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
	await expect(page.locator('h1')).toHaveText(german.get('home_hero_title')!);
	await expect(page.getByTestId('language')).toHaveValue('de');

	await page.getByTestId('language').selectOption('ar');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('h1')).toHaveText(catalogMessages('ar').get('home_hero_title')!);
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	// The room page is in the chosen language too.
	await createPrivateRoom(page);
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');

	// Another device, another browser language: its own default.
	const other = await openDevice({ context: { locale: 'pt-BR' } });
	await other.page.goto('/');
	await expect(other.page.locator('html')).toHaveAttribute('lang', 'pt-BR');
	const english = await openDevice({ context: { locale: 'ja-JP' } });
	await english.page.goto('/');
	await expect(english.page.locator('html')).toHaveAttribute('lang', 'en');
});

test("only the page's language is loaded: no other language's messages are in its scripts", async ({
	openDevice
}) => {
	for (const locale of ['de', 'ar'] as const) {
		const own = catalogMessages(locale);
		const device = await openDevice({ context: { locale } });
		const scripts = loadedScripts(device.page);
		await createPrivateRoom(device.page);
		await expect(device.page.locator('html')).toHaveAttribute('lang', locale);
		const loaded = scripts.join('\n');
		expect(loaded).toContain(own.get('home_hero_title'));
		for (const other of LOCALES.filter((l) => l !== locale)) {
			for (const [key, text] of catalogMessages(other)) {
				// Long enough to be one message's own words, and not the same words in this language.
				if (text.length < 16 || text === own.get(key) || text.includes('{')) continue;
				expect(loaded.includes(text), `${other} "${key}" in a ${locale} page`).toBe(false);
			}
		}
	}
});

for (const [label, viewport] of SCREEN_WIDTHS) {
	test(`Arabic, right to left, at ${label} width`, async ({ openDevice }) => {
		const alice = await openDevice({ context: { viewport, locale: 'ar' } });
		const bob = await openDevice({ context: { viewport, locale: 'ar' } });
		await screenTour(alice.page, bob.page, async (page, screen) => {
			const name = layoutShotName(screen);
			await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
			await expectNoHorizontalOverflow(page, name);
			await page.screenshot({ path: `test-results/screens/ar-${label}-${name}.png`, fullPage: true });
		});
	});
}
