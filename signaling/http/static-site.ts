import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import { BASE_LOCALE, LOCALES, type Locale } from '#i18n/locales';
import { inlineScriptHashes } from './inline-script-hashes';
import { pageLocale, withPageLanguage } from './page-locale';
import { pagePreferences, withPagePreferences } from './page-preferences';
import { isPageRequest, sendPage } from './page-response';
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

/** One language's build: its page, its service worker and its route preloads (scripts/build-app.mjs). */
interface LocaleBuild {
	html: string;
	serviceWorker: string | null;
	preloads: PreloadTable;
}

interface Loaded {
	handler: ReturnType<typeof sirv>;
	builds: ReadonlyMap<Locale, LocaleBuild>;
	/** Every language's inline bootstrap, so one CSP fits whichever page is served. */
	scriptHashes: readonly string[];
}

const NOT_BUILT = 'VanishDrop is not built yet.\nRun `npm run build`, then reload this page.\n';

// Paths with an extension never get the page (page-response.ts), so only real hashed assets can
// get a year-long cache.
const IMMUTABLE_ASSET = /^\/_app\/immutable\/.+\.\w+$/;

/** Where scripts/build-app.mjs puts each other language's own files. */
const LOCALES_DIR = '_locales';

function readIfThere(path: string): string | null {
	return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The builds there are: English at the root, the others under `_locales/<locale>/`. */
function loadBuilds(root: string): Map<Locale, LocaleBuild> {
	const builds = new Map<Locale, LocaleBuild>();
	for (const locale of LOCALES) {
		const dir = locale === BASE_LOCALE ? root : join(root, LOCALES_DIR, locale);
		const html = readIfThere(join(dir, 'index.html'));
		if (html === null) continue;
		const serviceWorker = readIfThere(join(dir, 'service-worker.js'));
		const preloads = parsePreloadTable(readIfThere(join(dir, PRELOAD_TABLE_FILE)) ?? '');
		builds.set(locale, { html, serviceWorker, preloads });
	}
	return builds;
}

function sendServiceWorker(req: IncomingMessage, res: ServerResponse, body: string): void {
	res.writeHead(200, {
		'Content-Type': 'text/javascript; charset=utf-8',
		'Cache-Control': 'no-cache',
		// The language comes from these: a cache must not hand one person's page to another.
		Vary: 'Cookie, Accept-Language'
	});
	res.end(req.method === 'HEAD' ? undefined : body);
}

function pathnameOf(url: string | undefined): string {
	try {
		return new URL(url ?? '/', 'http://host').pathname;
	} catch {
		return '/';
	}
}

/**
 * The page as served to `req`: every rewrite of index.html is chained here. The language and the
 * theme rewrites each set only their own attributes of `<html>`, so their order does not matter.
 * The route's code is linked from its own build's table (the hashed names differ between languages).
 */
function renderPage(build: LocaleBuild, locale: Locale, req: IncomingMessage): string {
	const tailored = withPagePreferences(
		withPageLanguage(build.html, locale),
		pagePreferences(req.headers.cookie)
	);
	return withRoutePreloads(tailored, pathnameOf(req.url), build.preloads);
}

/**
 * The built SPA under `dir`. It is loaded on the first request that finds `index.html`, so a
 * server started before `npm run build` begins serving once the build exists. Pages and the
 * service worker come from the build of the page's language (page-locale.ts); the hashed files
 * of every build sit side by side.
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
		const builds = loadBuilds(root);
		const scriptHashes = [...new Set([...builds.values()].flatMap((b) => inlineScriptHashes(b.html)))];
		loaded = { handler, builds, scriptHashes };
		return loaded;
	}

	return {
		scriptHashes: () => load()?.scriptHashes ?? [],
		serve(req, res) {
			const site = load();
			if (site) {
				const wanted = pageLocale(req.headers);
				const locale = site.builds.has(wanted) ? wanted : BASE_LOCALE;
				const build = site.builds.get(locale);
				if (build && isPageRequest(req.url)) return sendPage(req, res, renderPage(build, locale, req));
				const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
				if (build?.serviceWorker && pathname === '/service-worker.js')
					return sendServiceWorker(req, res, build.serviceWorker);
				return site.handler(req, res);
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
