import { resolve } from 'node:path';
import { createSignalingServer } from '../../../signaling/server';

export interface AppServer {
	url: string;
	close(): Promise<void>;
}

const BUILD_DIR = resolve(import.meta.dirname, '../../../build');

/** The built app and its signaling endpoint on 127.0.0.1, quiet, with the default limits. */
export async function startAppServer(): Promise<AppServer> {
	const server = createSignalingServer({
		host: '127.0.0.1',
		port: 0,
		staticDir: BUILD_DIR,
		logger: () => undefined
	});
	await server.ready;
	return { url: `${server.protocol}://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
