import type { Page } from '@playwright/test';
import { heapUsedAfterGc } from './browsers';

const MB = 1024 * 1024;

/** One tab at one moment: its JS heap after full GCs and the elements in its document. */
export interface TabReading {
	heapMb: number;
	domNodes: number;
}

/** Every element of the page's document, as a long session's growth shows in it. */
export function domNodeCount(page: Page): Promise<number> {
	return page.evaluate(() => document.getElementsByTagName('*').length);
}

export async function readTab(page: Page): Promise<TabReading> {
	return { heapMb: (await heapUsedAfterGc(page)) / MB, domNodes: await domNodeCount(page) };
}

/** JS heap plus ArrayBuffer stores after full GCs, in MB: what the tab holds on to. */
export async function heapWithBuffersAfterGcMb(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('HeapProfiler.collectGarbage');
		await cdp.send('HeapProfiler.collectGarbage');
		const usage = (await cdp.send('Runtime.getHeapUsage')) as {
			usedSize: number;
			backingStorageSize?: number;
		};
		return (usage.usedSize + (usage.backingStorageSize ?? 0)) / MB;
	} finally {
		await cdp.detach();
	}
}
