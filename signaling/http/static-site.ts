import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { inlineScriptHashes } from './inline-script-hashes';
import { pagePreferences, withPagePreferences } from './page-preferences';
import { isPageRequest, sendPage } from './page-response';

export interface StaticSite {
	/** Hashes of index.html's inline scripts for the CSP; empty while the app is not built. */
	scriptHashes(): readonly string[];
	/** Serves a GET/HEAD request: a file, the SPA fallback, a 404, or 503 when not built. */
	serve(req: IncomingMessage, res: ServerResponse): void;
}

interface Loaded {
	handler: ReturnType<typeof sirv>;
	scriptHashes: readonly string[];
	indexHtml: string;
}

const NOT_BUILT = 'VanishDrop is not built yet.\nRun `npm run build`, then reload this page.\n';

// Paths with an extension never get the page (page-response.ts), so only real hashed assets can
// get a year-long cache.
const IMMUTABLE_ASSET = /^\/_app\/immutable\/.+\.\w+$/;

/** The page as served to `req`: every rewrite of index.html is chained here. */
function renderPage(indexHtml: string, req: IncomingMessage): string {
	return withPagePreferences(indexHtml, pagePreferences(req.headers.cookie));
}

/**
 * The built SPA under `dir`. It is loaded on the first request that finds `index.html`, so a
 * server started before `npm run build` begins serving once the build exists.
 */
export function createStaticSite(dir: string): StaticSite {
	const root = resolve(dir);
	let loaded: Loaded | null = null;

	function load(): Loaded | null {
		if (loaded) return loaded;
		const indexPath = join(root, 'index.html');
		if (!existsSync(indexPath)) return null;
		// sirv serves the files; the page (index.html for every app route) goes through renderPage.
		const handler = sirv(root, {
			etag: true,
			gzip: true,
			brotli: true,
			setHeaders(res, pathname) {
				res.setHeader(
					'Cache-Control',
					IMMUTABLE_ASSET.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache'
				);
			},
			onNoMatch(_req, res) {
				res.statusCode = 404;
				res.setHeader('Content-Type', 'text/plain; charset=utf-8');
				res.end('Not found\n');
			}
		});
		const indexHtml = readFileSync(indexPath, 'utf8');
		loaded = { handler, scriptHashes: inlineScriptHashes(indexHtml), indexHtml };
		return loaded;
	}

	return {
		scriptHashes: () => load()?.scriptHashes ?? [],
		serve(req, res) {
			const site = load();
			if (site && isPageRequest(req.url)) return sendPage(req, res, renderPage(site.indexHtml, req));
			if (site) return site.handler(req, res);
			res.writeHead(503, {
				'Content-Type': 'text/plain; charset=utf-8',
				'Cache-Control': 'no-store',
				'Retry-After': '10'
			});
			res.end(NOT_BUILT);
		}
	};
}
