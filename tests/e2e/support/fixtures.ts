import {
	test as base,
	chromium,
	expect,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { createSignalingServer, type SignalingOptions } from '../../../signaling/http/app-server';
import { installChannelTap } from './channel-tap';

/** Debian's Chromium, with what headless Chromium needs in a closed network namespace. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-features=WebRtcHideLocalIpsWithMdns'
];

export interface Device {
	page: Page;
	/** Console errors and CSP violations seen by this page. */
	consoleErrors: string[];
	/** Bytes of every WebSocket frame this page sent or received. */
	wsBytes: () => number;
}

export interface DeviceOptions {
	context?: BrowserContextOptions;
	args?: string[];
	tap?: boolean;
}

export interface TestServer {
	url: string;
	port: number;
}

export async function startTestServer(
	options: SignalingOptions = {}
): Promise<{ server: TestServer; close: () => Promise<void> }> {
	const s = createSignalingServer({
		host: '127.0.0.1',
		port: 0,
		staticDir: 'build',
		logger: () => undefined,
		...options
	});
	await s.ready;
	const { port } = s.address();
	return { server: { url: `${s.protocol}://127.0.0.1:${port}`, port }, close: () => s.close() };
}

export const test = base.extend<
	{ openDevice: (o?: DeviceOptions) => Promise<Device> },
	{ server: TestServer }
>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const { server, close } = await startTestServer();
			await use(server);
			await close();
		},
		{ scope: 'worker' }
	],
	openDevice: async ({ server }, use) => {
		const browsers: Browser[] = [];
		await use(async (o: DeviceOptions = {}) => {
			// A separate browser process per device, as on separate machines.
			const browser = await chromium.launch({
				executablePath: process.env.CHROMIUM_PATH || undefined,
				args: [...CHROMIUM_ARGS, ...(o.args ?? [])]
			});
			browsers.push(browser);
			const context = await browser.newContext({ baseURL: server.url, ...o.context });
			if (o.tap !== false) await installChannelTap(context);
			const page = await context.newPage();
			const consoleErrors: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error') consoleErrors.push(m.text());
				if (process.env.E2E_DEBUG) console.log('[page]', m.text());
			});
			page.on('pageerror', (e) => consoleErrors.push(String(e)));
			let ws = 0;
			page.on('websocket', (socket) => {
				socket.on(
					'framesent',
					(f) => (ws += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length)
				);
				socket.on(
					'framereceived',
					(f) => (ws += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length)
				);
			});
			return { page, consoleErrors, wsBytes: () => ws };
		});
		await Promise.all(browsers.map((b) => b.close()));
	}
});

export { expect };
