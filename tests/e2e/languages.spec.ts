import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { createPrivateRoom, inDrops, joinRoom, sendPhoto } from './support/room-steps';

const LOCALES = ['en', 'de', 'es', 'fr', 'pt-BR', 'ar'] as const;
type Locale = (typeof LOCALES)[number];

/** Every simple message of every area in `locale`, from the catalog the build compiled. */
function messages(locale: Locale): Map<string, string> {
	const all = new Map<string, string>();
	for (const area of ['app', 'drops', 'view']) {
		const raw = JSON.parse(readFileSync(`messages/${area}/${locale}.json`, 'utf8')) as Record<
			string,
			unknown
		>;
		for (const [key, value] of Object.entries(raw))
			if (key !== '$schema' && typeof value === 'string') all.set(key, value);
	}
	return all;
}

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
	const german = messages('de');
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
	await expect(page.locator('h1')).toHaveText(messages('ar').get('home_hero_title')!);
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
		const own = messages(locale);
		const device = await openDevice({ context: { locale } });
		const scripts = loadedScripts(device.page);
		await createPrivateRoom(device.page);
		await expect(device.page.locator('html')).toHaveAttribute('lang', locale);
		const loaded = scripts.join('\n');
		expect(loaded).toContain(own.get('home_hero_title'));
		for (const other of LOCALES.filter((l) => l !== locale)) {
			for (const [key, text] of messages(other)) {
				// Long enough to be one message's own words, and not the same words in this language.
				if (text.length < 16 || text === own.get(key) || text.includes('{')) continue;
				expect(loaded.includes(text), `${other} "${key}" in a ${locale} page`).toBe(false);
			}
		}
	}
});

for (const [label, viewport] of [
	['phone', { width: 360, height: 800 }],
	['laptop', { width: 1280, height: 800 }]
] as const) {
	test(`Arabic, right to left, at ${label} width`, async ({ openDevice }) => {
		const alice = await openDevice({ context: { viewport, locale: 'ar' } });
		const bob = await openDevice({ context: { viewport, locale: 'ar' } });
		const shot = async (page: Page, name: string) => {
			await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${name} overflows horizontally`).toBeLessThanOrEqual(0);
			await page.screenshot({ path: `test-results/screens/ar-${label}-${name}.png`, fullPage: true });
		};
		await alice.page.goto('/');
		await shot(alice.page, 'home');
		const link = await createPrivateRoom(alice.page);
		await joinRoom(alice.page, bob.page, link);
		await shot(alice.page, 'room');
		await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
		const card = inDrops(bob.page).first();
		await expect(card).toHaveAttribute('data-state', 'sealed');
		await shot(bob.page, 'sealed');
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas')).toBeVisible();
		await shot(bob.page, 'viewer');
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
		await shot(alice.page, 'receipts');
	});
}
