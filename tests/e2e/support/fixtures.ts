import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { launchChromium } from '../../support/chromium';
import { APP_BUILD_DIR, startTestServer, type TestServer } from '../../support/test-server';
import { installChannelTap } from './channel-tap';
import { forceRelayOnly } from './relay-only';

export interface Device {
	page: Page;
	/** Console errors and CSP violations seen by this page. */
	consoleErrors: string[];
	/** Bytes of every WebSocket frame this page sent or received. */
	wsBytes: () => number;
	/** Every WebSocket frame this page sent or received, as text, in order. */
	wsFrames: () => string[];
}

export interface DeviceOptions {
	context?: BrowserContextOptions;
	/** Chromium arguments beyond the shared ones. */
	args?: string[];
	/** Another Chromium (see `SecondNetwork.chromium`). */
	executablePath?: string;
	tap?: boolean;
	/** Gather relay candidates only (see `forceRelayOnly`). */
	relayOnly?: boolean;
	/** Install Playwright's fake clock on the page before it loads anything. */
	clock?: boolean;
}

export type OpenDevice = (options?: DeviceOptions) => Promise<Device>;

function frameBytes(payload: string | Buffer): number {
	return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
}

function frameText(payload: string | Buffer): string {
	return typeof payload === 'string' ? payload : payload.toString('utf8');
}

export const test = base.extend<{ openDevice: OpenDevice }, { server: TestServer }>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = await startTestServer({ staticDir: APP_BUILD_DIR });
			await use(server);
			await server.close();
		},
		{ scope: 'worker' }
	],
	openDevice: async ({ server }, use) => {
		const browsers: Browser[] = [];
		await use(async (o: DeviceOptions = {}) => {
			// A separate browser process per device, as on separate machines.
			const browser = await launchChromium({ args: o.args, executablePath: o.executablePath });
			browsers.push(browser);
			const context = await browser.newContext({ baseURL: server.url, ...o.context });
			if (o.tap !== false) await installChannelTap(context);
			if (o.relayOnly) await forceRelayOnly(context);
			const page = await context.newPage();
			if (o.clock) await page.clock.install();
			const consoleErrors: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error') consoleErrors.push(m.text());
				if (process.env.E2E_DEBUG) console.log('[page]', m.text());
			});
			page.on('pageerror', (e) => consoleErrors.push(String(e)));
			let ws = 0;
			const frames: string[] = [];
			const record = (payload: string | Buffer) => {
				ws += frameBytes(payload);
				frames.push(frameText(payload));
			};
			page.on('websocket', (socket) => {
				socket.on('framesent', (f) => record(f.payload));
				socket.on('framereceived', (f) => record(f.payload));
			});
			return { page, consoleErrors, wsBytes: () => ws, wsFrames: () => [...frames] };
		});
		await Promise.all(browsers.map((b) => b.close()));
	}
});

export { expect };
