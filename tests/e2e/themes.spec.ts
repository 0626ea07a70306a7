import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { PALETTE_BACKGROUND, expectPalette, type Scheme } from './support/a11y-checks';

declare global {
	interface Window {
		/** The page as its first frame was about to be painted. */
		__firstFrame?: { background: string; theme: string | null };
		__sameDocument?: boolean;
	}
}

/**
 * Records the root's background in the first animation frame: a page under render-blocking CSS
 * gets no frame before its stylesheet applies, so this is what the first paint shows.
 */
async function recordFirstFrame(page: Page): Promise<void> {
	await page.addInitScript(() => {
		requestAnimationFrame(() => {
			const root = document.documentElement;
			window.__firstFrame = {
				background: getComputedStyle(root).backgroundColor,
				theme: root.getAttribute('data-theme')
			};
		});
	});
}

async function firstFrame(page: Page): Promise<{ background: string; theme: string | null }> {
	await page.waitForFunction(() => window.__firstFrame !== undefined);
	return page.evaluate(() => window.__firstFrame!);
}

for (const [chosen, system] of [
	['light', 'dark'],
	['dark', 'light']
] as const satisfies readonly (readonly [Scheme, Scheme])[]) {
	test(`a chosen ${chosen} theme is painted from the first frame on a ${system} system`, async ({
		openDevice,
		server
	}) => {
		const device = await openDevice({ context: { colorScheme: system } });
		const { page } = device;
		await page.context().addCookies([{ name: 'vd-theme', value: chosen, url: server.url }]);
		await recordFirstFrame(page);
		const response = await page.goto('/');
		expect(await firstFrame(page)).toEqual({ background: PALETTE_BACKGROUND[chosen], theme: chosen });
		expect(await response?.text()).toMatch(new RegExp(`<html data-theme="${chosen}"`));
		await expect(page.getByTestId('theme')).toHaveValue(chosen);
		expect(device.consoleErrors).toEqual([]);
	});
}

test('without a choice the first frame follows the system', async ({ openDevice }) => {
	for (const system of ['light', 'dark'] as const) {
		const { page } = await openDevice({ context: { colorScheme: system } });
		await recordFirstFrame(page);
		await page.goto('/');
		expect(await firstFrame(page)).toEqual({ background: PALETTE_BACKGROUND[system], theme: null });
		await expect(page.getByTestId('theme')).toHaveValue('system');
	}
});

test('the select applies a theme at once and the next page is served in it', async ({
	openDevice,
	server
}) => {
	const device = await openDevice({ context: { colorScheme: 'dark' } });
	const { page } = device;
	await page.goto('/');
	await expect(page.getByLabel('Theme')).toHaveValue('system');
	await page.evaluate(() => (window.__sameDocument = true));

	await page.getByTestId('theme').selectOption('light');
	await expectPalette(page, 'light');
	expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
	const cookie = (await page.context().cookies(server.url)).find((c) => c.name === 'vd-theme');
	expect(cookie).toMatchObject({
		name: 'vd-theme',
		value: 'light',
		sameSite: 'Strict',
		path: '/',
		expires: -1
	});

	// Into a room, still the same document: the theme stays.
	await page.getByTestId('create-room').click();
	await expect(page.getByTestId('room-link')).toHaveValue(/#/);
	await expectPalette(page, 'light');
	expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

	await recordFirstFrame(page);
	await page.reload();
	expect(await firstFrame(page)).toEqual({ background: PALETTE_BACKGROUND.light, theme: 'light' });
	await expect(page.locator('meta[name="theme-color"][media="all"]')).toHaveAttribute('data-scheme', 'light');

	await page.goto('/');
	await page.getByTestId('theme').selectOption('system');
	await expectPalette(page, 'dark');
	await page.emulateMedia({ colorScheme: 'light' });
	await expectPalette(page, 'light');
	expect(device.consoleErrors).toEqual([]);
});
