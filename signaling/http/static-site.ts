import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { inlineScriptHashes } from './inline-script-hashes';
import { servePage } from './page-response';
import {
	parsePreloadTable,
	PRELOAD_TABLE_FILE,
	withRoutePreloads,
	type PreloadTable
} from './route-preloads';

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
	preloads: PreloadTable;
}

const NOT_BUILT = 'VanishDrop is not built yet.\nRun `npm run build`, then reload this page.\n';

// Paths with an extension never fall back to index.html (sirv's rule), so only real hashed
// assets can get a year-long cache.
const IMMUTABLE_ASSET = /^\/_app\/immutable\/.+\.\w+$/;
/** What gets index.html: every path without an extension (the SPA's routes), and itself. */
const APP_PAGE = /^(?:\/index\.html|(?:\/[^/.]*)*\/?)$/;

/**
 * index.html as the page at `pathname` is sent. Every rewrite of the page goes here, given the
 * build's own tables: the links to the route's code (`withRoutePreloads`).
 */
function pageHtml(site: Loaded, pathname: string): string {
	return withRoutePreloads(site.indexHtml, pathname, site.preloads);
}

function readPreloads(root: string): PreloadTable {
	const file = join(root, PRELOAD_TABLE_FILE);
	return existsSync(file) ? parsePreloadTable(readFileSync(file, 'utf8')) : [];
}

function pathnameOf(url: string | undefined): string | null {
	try {
		return new URL(url ?? '/', 'http://host').pathname;
	} catch {
		return null;
	}
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
		const handler = sirv(root, {
			single: true,
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
		loaded = {
			handler,
			scriptHashes: inlineScriptHashes(indexHtml),
			indexHtml,
			preloads: readPreloads(root)
		};
		return loaded;
	}

	return {
		scriptHashes: () => load()?.scriptHashes ?? [],
		serve(req, res) {
			const site = load();
			const pathname = pathnameOf(req.url);
			if (site && pathname !== null && APP_PAGE.test(pathname))
				return servePage(req, res, pageHtml(site, pathname));
			if (site) {
				site.handler(req, res);
				return;
			}
			res.writeHead(503, {
				'Content-Type': 'text/plain; charset=utf-8',
				'Cache-Control': 'no-store',
				'Retry-After': '10'
			});
			res.end(NOT_BUILT);
		}
	};
}
