import type { Browser, Page } from '@playwright/test';
import { createRoom, openAppPage } from '../support/app-room';
import { launchChromium } from '../../support/chromium';

/** Devices of one room, one Chromium process each, closed together. */
export interface RoomDevices {
	browsers: Browser[];
	pages: Page[];
	close(): Promise<void>;
}

/** How many browsers start at once: 2 cores do not start 20 at a time. */
const LAUNCH_BATCH = 4;

async function launchAll(count: number): Promise<Browser[]> {
	const browsers: Browser[] = [];
	try {
		while (browsers.length < count) {
			const batch = Math.min(LAUNCH_BATCH, count - browsers.length);
			browsers.push(
				...(await Promise.all(Array.from({ length: batch }, () => launchChromium({ timeout: 60_000 }))))
			);
		}
		return browsers;
	} catch (e) {
		await Promise.all(browsers.map((b) => b.close()));
		throw e;
	}
}

declare global {
	interface Window {
		/** Bytes of binary data-channel messages this page received (the drops' sealed chunks). */
		__benchBytesIn?: number;
	}
}

/** Counts what arrives in binary messages, from outside the app: the size of a copy as sent. */
function countBinaryIn(): void {
	window.__benchBytesIn = 0;
	const add = RTCDataChannel.prototype.addEventListener;
	RTCDataChannel.prototype.addEventListener = function (
		this: RTCDataChannel,
		...args: Parameters<typeof add>
	) {
		if (args[0] === 'message')
			add.call(this, 'message', (e) => {
				const data: unknown = (e as MessageEvent).data;
				if (data instanceof ArrayBuffer) window.__benchBytesIn! += data.byteLength;
			});
		return add.apply(this, args);
	} as typeof add;
}

export function bytesIn(page: Page): Promise<number> {
	return page.evaluate(() => window.__benchBytesIn ?? NaN);
}

/** Count of peers `page` lists as `ready`. */
export function readyPeers(page: Page): Promise<number> {
	return page.evaluate(
		() => document.querySelectorAll('[data-testid="peer"][data-peer-state="ready"]').length
	);
}

/**
 * `count` devices: the first makes a private room, the others open its link, a batch at a time;
 * resolves once every device sees every other one `ready`, with how long that took.
 */
export async function fullRoom(appUrl: string, count: number, readyTimeoutMs: number) {
	const browsers = await launchAll(count);
	const close = async () => void (await Promise.all(browsers.map((b) => b.close())));
	let pages: Page[] = [];
	try {
		pages = await Promise.all(browsers.map((b) => openAppPage(b, appUrl, { serviceWorkers: 'block' })));
		await Promise.all(pages.map((p) => p.addInitScript(countBinaryIn)));
		const link = await createRoom(pages[0]!);
		const t0 = Date.now();
		for (let i = 1; i < count; i += LAUNCH_BATCH)
			await Promise.all(pages.slice(i, i + LAUNCH_BATCH).map((p) => p.goto(link)));
		await Promise.all(
			pages.map((p) =>
				p.waitForFunction(
					(n) => document.querySelectorAll('[data-testid="peer"][data-peer-state="ready"]').length >= n,
					count - 1,
					{ timeout: readyTimeoutMs, polling: 500 }
				)
			)
		);
		const devices: RoomDevices = { browsers, pages, close };
		return { devices, readySeconds: (Date.now() - t0) / 1000 };
	} catch (e) {
		const counts = await Promise.all(pages.map((p) => readyPeers(p).catch(() => NaN)));
		console.error(`  ready peers per device when it gave up: ${counts.join(', ')}`);
		await close();
		throw e;
	}
}
