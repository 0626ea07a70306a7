/**
 * What a route's page loads before it can show anything, linked from its HTML so the browser
 * fetches it with index.html instead of after the app has started and resolved the route (a
 * room's module waterfall). The table comes from the build (`route-preloads.json`, written by
 * scripts/route-preload-table.ts); each build's index.html is rewritten with its own table.
 */

/** One page route: its SvelteKit id (`/r/[roomId]`) and the files it loads, as absolute URLs. */
export interface RoutePreloads {
	id: string;
	js: readonly string[];
	css: readonly string[];
}

export type PreloadTable = readonly RoutePreloads[];

/** The name of the table in the build directory. */
export const PRELOAD_TABLE_FILE = 'route-preloads.json';

/** An id made of plain segments and single `[param]` segments; nothing else is matched. */
const ROUTE_ID = /^\/(?:(?:[\w-]+|\[\w+\])(?:\/(?:[\w-]+|\[\w+\]))*)?$/;
/** A built file's URL: nothing in it needs escaping inside an HTML attribute. */
const ASSET_URL = /^\/[\w\-./]+\.(?:js|css)$/;

function stringList(value: unknown, ext: '.js' | '.css'): string[] | null {
	if (!Array.isArray(value)) return null;
	const list = value.filter(
		(v): v is string => typeof v === 'string' && ASSET_URL.test(v) && v.endsWith(ext)
	);
	return list.length === value.length && !list.some((v) => v.includes('..')) ? list : null;
}

function parseRoute(value: unknown): RoutePreloads | null {
	if (typeof value !== 'object' || value === null) return null;
	const { id, js, css } = value as Record<string, unknown>;
	if (typeof id !== 'string' || !ROUTE_ID.test(id)) return null;
	const jsList = stringList(js, '.js');
	const cssList = stringList(css, '.css');
	return jsList && cssList ? { id, js: jsList, css: cssList } : null;
}

/** The table from its JSON text; anything malformed is left out (those pages load as before). */
export function parsePreloadTable(text: string): PreloadTable {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return [];
	}
	const routes = (raw as { routes?: unknown } | null)?.routes;
	if (!Array.isArray(routes)) return [];
	return routes.map(parseRoute).filter((r): r is RoutePreloads => r !== null);
}

/** Whether `pathname` is a URL of the route `id`: one segment for each, a `[param]` any. */
function matches(id: string, pathname: string): boolean {
	const want = id.split('/');
	const got = pathname.split('/');
	if (want.length !== got.length) return false;
	return want.every((seg, i) => (seg.startsWith('[') ? (got[i] ?? '') !== '' : seg === got[i]));
}

/** The route a page's pathname shows, or null. A plain id wins over one with a parameter. */
export function preloadsFor(pathname: string, table: PreloadTable): RoutePreloads | null {
	const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
	const hits = table.filter((r) => matches(r.id, path));
	return hits.find((r) => !r.id.includes('[')) ?? hits[0] ?? null;
}

/**
 * `html` with a `modulepreload` link for each of the route's scripts and a stylesheet link for
 * each of its styles, before `</head>`; files the page already links are not linked twice. Links
 * run no script, so the page's CSP is unchanged. Any other path: `html` as it is.
 */
export function withRoutePreloads(html: string, pathname: string, table: PreloadTable): string {
	const route = preloadsFor(pathname, table);
	const head = html.indexOf('</head>');
	if (!route || head < 0) return html;
	const linked = (href: string) => html.includes(`href="${href}"`);
	const links = [
		...route.css.filter((href) => !linked(href)).map((href) => `<link href="${href}" rel="stylesheet">`),
		...route.js.filter((href) => !linked(href)).map((href) => `<link href="${href}" rel="modulepreload">`)
	];
	if (links.length === 0) return html;
	return html.slice(0, head) + links.join('') + html.slice(head);
}
