import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RelayReady } from '../signaling/relay-messages';
import { readProcStats, serverChild } from './node-child';

const SERVER = resolve(import.meta.dirname, '../churn/churn-server.ts');
/** build/, or BENCH_APP_BUILD: another build of the app, to compare two versions in turn. */
const BUILD = process.env.BENCH_APP_BUILD ?? resolve(import.meta.dirname, '../../../build');

/** The app's server (pages and signaling) in a Node process of its own, bundled as `npm start` runs it. */
export interface AppServerChild {
	/** `http://127.0.0.1:<port>`. */
	url: string;
	/** Its resident memory now, in MB, from /proc. */
	rssMb(): number;
	stop(): Promise<void>;
}

/** Serves a copy of build/ taken now: a rebuild while the bench runs cannot pull files from under it. */
export async function startAppServerChild(): Promise<AppServerChild> {
	const copy = mkdtempSync(join(tmpdir(), 'vanishdrop-bench-build-'));
	cpSync(BUILD, copy, { recursive: true });
	const child = serverChild(SERVER, { BENCH_STATIC_DIR: copy });
	const stop = async () => {
		await child.stop();
		rmSync(copy, { recursive: true, force: true });
	};
	try {
		const { port } = await child.next<RelayReady>('ready', 30_000);
		return {
			url: `http://127.0.0.1:${port}`,
			rssMb: () => readProcStats(child.pid).rssBytes / (1024 * 1024),
			stop
		};
	} catch (e) {
		await stop();
		throw e;
	}
}
