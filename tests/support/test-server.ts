import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	createSignalingServer,
	DEFAULT_STATIC_DIR,
	type SignalingOptions,
	type SignalingServer
} from '../../signaling/http/app-server';
import { silentLogger } from '../../signaling/logger';

/** `build/`, the built app: what a server for a browser test serves. */
export const APP_BUILD_DIR = DEFAULT_STATIC_DIR;

/** Given to servers that serve no pages: the signaling tests need none. */
const NO_SITE = '/nonexistent-vanishdrop-build';

export interface TestServerOptions extends SignalingOptions {
	/**
	 * Serve a copy of `staticDir` taken now, removed on close: a rebuild while the server runs
	 * (others work in this tree) cannot pull the files from under a page.
	 */
	snapshot?: boolean;
}

/** A running server and where to reach it. */
export interface TestServer extends SignalingServer {
	/** `http://127.0.0.1:<port>`, or `https://` with `tls`. */
	readonly url: string;
	readonly port: number;
}

/**
 * The app's server on 127.0.0.1 and a free port, quiet unless a logger is given, serving no
 * pages unless a `staticDir` is given. The one server starter of the unit, end-to-end and bench
 * tests.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
	const { snapshot = false, ...serverOptions } = options;
	const staticDir = serverOptions.staticDir ?? NO_SITE;
	const copy = snapshot ? mkdtempSync(join(tmpdir(), 'vanishdrop-build-copy-')) : null;
	const removeCopy = () => {
		if (copy) rmSync(copy, { recursive: true, force: true });
	};
	if (copy) cpSync(staticDir, copy, { recursive: true });
	const server = createSignalingServer({
		host: '127.0.0.1',
		port: 0,
		logger: silentLogger,
		...serverOptions,
		staticDir: copy ?? staticDir
	});
	try {
		await server.ready;
	} catch (error) {
		await server.close();
		removeCopy();
		throw error;
	}
	const { port } = server.address();
	return {
		ready: server.ready,
		address: () => server.address(),
		protocol: server.protocol,
		stats: () => server.stats(),
		retained: () => server.retained(),
		httpServer: server.httpServer,
		url: `${server.protocol}://127.0.0.1:${port}`,
		port,
		async close() {
			await server.close();
			removeCopy();
		}
	};
}

/** The server's WebSocket URL (`ws://` or `wss://`), `/ws` unless another path is given. */
export function wsUrl(server: TestServer, path = '/ws'): string {
	return `${server.url.replace(/^http/, 'ws')}${path}`;
}

/** A URL of the server's, `/` unless another path is given. */
export function httpUrl(server: TestServer, path = '/'): string {
	return `${server.url}${path}`;
}
