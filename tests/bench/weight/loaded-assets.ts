import type { BrowserContext, Page, Response, Worker } from '@playwright/test';
import { gzipSync } from 'node:zlib';

export interface LoadedAsset {
	path: string;
	kind: 'js' | 'css';
	bytes: number;
	gzipBytes: number;
	/** Part of the photo preparation (its worker, or the module that starts it). */
	preparation: boolean;
	/** Milliseconds since the recording started. */
	at: number;
}

function kindOf(r: Response): 'js' | 'css' | null {
	const type = r.headers()['content-type'] ?? '';
	if (type.includes('javascript')) return 'js';
	if (type.includes('css')) return 'css';
	return null;
}

/**
 * Records every JS and CSS response a page receives, and the scripts of the workers it starts
 * (Playwright reports no responses for those: they are fetched again here), and measures each
 * body gzipped with zlib's default level, as a server would send it.
 */
export class AssetRecorder {
	readonly assets: LoadedAsset[] = [];
	readonly #pending: Promise<void>[] = [];
	readonly #t0 = performance.now();
	readonly #context: BrowserContext;
	#lastActivity = performance.now();

	constructor(page: Page) {
		this.#context = page.context();
		page.on('request', () => (this.#lastActivity = performance.now()));
		page.on('response', (r) => this.#pending.push(this.#recordResponse(r)));
		page.on('worker', (w) => this.#pending.push(this.#recordWorker(w)));
	}

	/**
	 * Waits until the page has requested nothing for `quietMs` (at most `maxMs`). Playwright's
	 * `networkidle` only covers the page load; the app also fetches code once a peer is ready.
	 */
	async quiet(quietMs = 1000, maxMs = 15_000): Promise<void> {
		const until = performance.now() + maxMs;
		while (performance.now() - this.#lastActivity < quietMs && performance.now() < until) {
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	async #recordResponse(r: Response): Promise<void> {
		const kind = kindOf(r);
		if (!kind || r.status() !== 200) return;
		const at = performance.now() - this.#t0;
		const body = await r.body().catch(() => null);
		if (body) this.#add(r.url(), kind, body, at);
	}

	async #recordWorker(w: Worker): Promise<void> {
		const at = performance.now() - this.#t0;
		const r = await this.#context.request.get(w.url());
		if (r.ok()) this.#add(w.url(), 'js', await r.body(), at);
	}

	/** A file counts once: a second worker from the same script, say, comes from the cache. */
	#add(url: string, kind: 'js' | 'css', body: Buffer, at: number): void {
		const path = new URL(url).pathname;
		if (this.assets.some((a) => a.path === path)) return;
		const text = kind === 'js' ? body.toString('utf8') : '';
		this.assets.push({
			path,
			kind,
			bytes: body.length,
			gzipBytes: gzipSync(body).length,
			preparation: path.includes('prepare-photo') || text.includes('prepare-photo.worker'),
			at
		});
	}

	/** Waits for the bodies of everything recorded so far. */
	async settled(): Promise<LoadedAsset[]> {
		await Promise.all(this.#pending);
		return this.assets;
	}
}

export const gzipKb = (assets: readonly LoadedAsset[]) =>
	assets.reduce((sum, a) => sum + a.gzipBytes, 0) / 1024;
