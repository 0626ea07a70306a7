import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { simplePeerWithoutNode } from '../../../scripts/vite-plugins';
import type { RelayReady } from '../signaling/relay-messages';
import { NodeChild, bundleForNode } from './node-child';

const PAGES_DIR = resolve(import.meta.dirname, '../pages');
const PAGES_SERVER = resolve(import.meta.dirname, 'pages-server-child.ts');

export interface BenchPages {
	/** `http://127.0.0.1:<port>`; pages are `/transfer.html`, `/photo-baselines.html`, `/file-loops.html` and more. */
	url: string;
	close(): Promise<void>;
}

/**
 * Bundles the bench pages (which import the app's own transfer and crypto modules) the way the
 * app is bundled, into a temporary directory, and serves them on 127.0.0.1 from a process of
 * their own (pages-server-child.ts).
 */
export async function startBenchPages({ minify = true } = {}): Promise<BenchPages> {
	const outDir = mkdtempSync(join(tmpdir(), 'vanishdrop-bench-pages-'));
	let server: NodeChild | null = null;
	let port = 0;
	try {
		await build({
			configFile: false,
			root: PAGES_DIR,
			base: './',
			// The room core's drop cards are Svelte state classes (`.svelte.ts`).
			plugins: [simplePeerWithoutNode(), svelte({ configFile: false })],
			logLevel: 'warn',
			worker: { format: 'es' },
			build: {
				outDir,
				emptyOutDir: true,
				target: 'es2022',
				// Unminified when profiling, so that the profile names the app's functions.
				minify,
				reportCompressedSize: false,
				rollupOptions: {
					input: {
						transfer: join(PAGES_DIR, 'transfer.html'),
						photo: join(PAGES_DIR, 'photo-baselines.html'),
						video: join(PAGES_DIR, 'video-remux.html'),
						fileLoops: join(PAGES_DIR, 'file-loops.html'),
						heic: join(PAGES_DIR, 'heic-decode.html')
					}
				}
			}
		});
		server = new NodeChild(bundleForNode(PAGES_SERVER), [], { BENCH_PAGES_DIR: outDir });
		({ port } = await server.next<RelayReady>('ready', 30_000));
	} catch (e) {
		await server?.stop();
		rmSync(outDir, { recursive: true, force: true });
		throw e;
	}
	const s = server;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			await s.stop();
			rmSync(outDir, { recursive: true, force: true });
		}
	};
}
