import type { Browser } from 'puppeteer-core';
import { launchFirefox, type FirefoxOptions } from '../../support/firefox';
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
 * browser as `AppPage`s: `openFirefox` starts one Firefox ESR process per device, closed after
 * the test, and `openChromium` wraps a device of `openDevice`.
 */
export const test = base.extend<{ openFirefox: OpenFirefox; openChromium: OpenChromium }>({
	openFirefox: async ({ server }, use) => {
		const browsers: Browser[] = [];
		await use(async (o = {}) => {
			const browser = await launchFirefox(o);
			browsers.push(browser);
			const [page = await browser.newPage()] = await browser.pages();
			return firefoxAppPage(page, o.origin ?? server.url);
		});
		await Promise.all(browsers.map((b) => b.close()));
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
