import type { Browser } from 'puppeteer-core';
import { FirefoxPool, launchFirefox, type FirefoxOptions, type LentPage } from '../../support/firefox';
import { chromiumAppPage, firefoxAppPage, type AppPage } from './app-page';
import { test as base, type DeviceOptions } from './fixtures';

export interface AppDeviceOptions {
	/** The origin the page opens paths against; the test server's by default. */
	origin?: string;
}

export type OpenFirefox = (options?: AppDeviceOptions & FirefoxOptions) => Promise<AppPage>;
export type OpenChromium = (options?: AppDeviceOptions & DeviceOptions) => Promise<AppPage>;

/**
 * The shared fixtures (one signaling server per worker, `openDevice`), plus devices of either
 * browser as `AppPage`s. `openFirefox` gives each device a Firefox ESR process of its own: one
 * of the worker's `firefoxPool` in a fresh user context, or, with `prefs`, one launched for it
 * and closed after the test. A spec that uses Firefox closes the pool in its `afterAll`, so that
 * no idle Firefox runs beside the specs after it. `openChromium` wraps a device of `openDevice`.
 */
export const test = base.extend<
	{ openFirefox: OpenFirefox; openChromium: OpenChromium },
	{ firefoxPool: FirefoxPool }
>({
	firefoxPool: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const pool = new FirefoxPool();
			await use(pool);
			await pool.close();
		},
		{ scope: 'worker' }
	],
	openFirefox: async ({ server, firefoxPool }, use) => {
		const lent: LentPage[] = [];
		const own: Browser[] = [];
		await use(async (o = {}) => {
			if (!o.prefs) {
				const device = await firefoxPool.lend();
				lent.push(device);
				return firefoxAppPage(device.page, o.origin ?? server.url);
			}
			const browser = await launchFirefox(o);
			own.push(browser);
			const [page = await browser.newPage()] = await browser.pages();
			return firefoxAppPage(page, o.origin ?? server.url);
		});
		await Promise.all([...lent.map((d) => d.giveBack()), ...own.map((b) => b.close())]);
	},
	openChromium: async ({ openDevice, server }, use) => {
		await use(async (o = {}) => {
			const { origin = server.url, ...device } = o;
			return chromiumAppPage(
				await openDevice({ ...device, context: { baseURL: origin, ...device.context } }),
				origin
			);
		});
	}
});

export { expect } from './fixtures';
