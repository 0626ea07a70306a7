import type { Browser, Page } from '@playwright/test';
import { launchChromium } from '../../support/chromium';

/** One browser process per device, as on separate machines; a hung launch fails soon. */
function launchDevice(): Promise<Browser> {
	return launchChromium({ timeout: 30_000 });
}

/** Two browser processes, closed together however the callback ends. */
export async function withTwoBrowsers<T>(run: (a: Browser, b: Browser) => Promise<T>): Promise<T> {
	const [a, b] = await Promise.all([launchDevice(), launchDevice()]);
	try {
		return await run(a, b);
	} finally {
		await Promise.all([a.close(), b.close()]);
	}
}

/** JS heap in use after full garbage collections, in bytes (CDP, as DevTools shows it). */
export async function heapUsedAfterGc(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('Performance.enable');
		// Twice: finalizers and weak references freed by the first pass free more in the second.
		await cdp.send('HeapProfiler.collectGarbage');
		await cdp.send('HeapProfiler.collectGarbage');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
		if (!used) throw new Error('no JSHeapUsedSize metric');
		return used.value;
	} finally {
		await cdp.detach();
	}
}

export function browserVersion(browser: Browser): string {
	return browser.version();
}
