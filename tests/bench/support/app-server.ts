import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSignalingServer } from '../../../signaling/http/app-server';

export interface AppServer {
	url: string;
	close(): Promise<void>;
}

const BUILD_DIR = resolve(import.meta.dirname, '../../../build');

/**
 * The built app and its signaling endpoint on 127.0.0.1, quiet, with the default limits. It
 * serves a copy of `build/` taken now: a rebuild while the benchmarks run (others work in this
 * tree) must not pull the files from under the pages.
 */
export async function startAppServer(): Promise<AppServer> {
	const snapshot = mkdtempSync(join(tmpdir(), 'vanishdrop-bench-build-'));
	cpSync(BUILD_DIR, snapshot, { recursive: true });
	const server = createSignalingServer({
		host: '127.0.0.1',
		port: 0,
		staticDir: snapshot,
		logger: () => undefined
	});
	try {
		await server.ready;
	} catch (e) {
		rmSync(snapshot, { recursive: true, force: true });
		throw e;
	}
	return {
		url: `${server.protocol}://127.0.0.1:${server.address().port}`,
		async close() {
			await server.close();
			rmSync(snapshot, { recursive: true, force: true });
		}
	};
}
