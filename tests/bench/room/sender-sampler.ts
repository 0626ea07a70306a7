import type { Browser, Page } from '@playwright/test';
import { readProcStats } from '../support/node-child';

const MB = 1024 * 1024;

/** One moment of the sending tab: JS heap in use (no GC) with ArrayBuffer stores, and its renderers' RSS. */
export interface SenderSample {
	heapMb: number;
	rendererRssMb: number;
}

/** The pids of the browser's renderer processes (its page and the page's workers live there). */
async function rendererPids(browser: Browser): Promise<number[]> {
	const cdp = await browser.newBrowserCDPSession();
	try {
		const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
			processInfo: { type: string; id: number }[];
		};
		return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
	} finally {
		await cdp.detach();
	}
}

function rssMb(pids: readonly number[]): number {
	let bytes = 0;
	for (const pid of pids) {
		try {
			bytes += readProcStats(pid).rssBytes;
		} catch {
			// A renderer that went away holds nothing.
		}
	}
	return bytes / MB;
}

/**
 * Samples the sending tab every `everyMs` until stop(): what it holds at its busiest, in its JS
 * heap (over CDP, `Runtime.getHeapUsage`, garbage not yet collected included) and in its
 * renderer processes' resident memory (from /proc: the data channels' buffers, the workers).
 */
export async function sampleSender(browser: Browser, page: Page, everyMs: number) {
	const pids = await rendererPids(browser);
	const cdp = await page.context().newCDPSession(page);
	const samples: SenderSample[] = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const usage = (await cdp.send('Runtime.getHeapUsage')) as {
				usedSize: number;
				backingStorageSize?: number;
			};
			const heapMb = (usage.usedSize + (usage.backingStorageSize ?? 0)) / MB;
			samples.push({ heapMb, rendererRssMb: rssMb(pids) });
			await new Promise((r) => setTimeout(r, everyMs));
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			await cdp.detach();
			return {
				peakHeapMb: Math.max(...samples.map((s) => s.heapMb)),
				peakRssMb: Math.max(...samples.map((s) => s.rendererRssMb)),
				firstRssMb: samples[0]?.rendererRssMb ?? NaN,
				samples
			};
		}
	};
}
