import { describe, expect, it } from 'vitest';
import { parsePreloadTable, preloadsFor, withRoutePreloads, type PreloadTable } from './route-preloads';

const HTML = [
	'<!doctype html><html><head>',
	'<link href="/_app/immutable/entry/start.js" rel="modulepreload">',
	'<link href="/_app/immutable/chunks/shared.js" rel="modulepreload">',
	'</head><body></body></html>'
].join('\n');

const TABLE: PreloadTable = [
	{ id: '/', js: ['/_app/immutable/nodes/2.js'], css: [] },
	{
		id: '/r/[roomId]',
		js: ['/_app/immutable/nodes/6.js', '/_app/immutable/chunks/room.js', '/_app/immutable/chunks/shared.js'],
		css: ['/_app/immutable/assets/RoomView.css']
	},
	{ id: '/c', js: ['/_app/immutable/nodes/3.js'], css: [] },
	{ id: '/share', js: ['/_app/immutable/nodes/7.js'], css: [] }
];

describe('withRoutePreloads', () => {
	it("links a room's styles and scripts before </head>, each file once", () => {
		const html = withRoutePreloads(HTML, '/r/AbC-12_x', TABLE);
		const head = html.slice(0, html.indexOf('</head>'));
		expect(head).toContain('<link href="/_app/immutable/assets/RoomView.css" rel="stylesheet">');
		expect(head).toContain('<link href="/_app/immutable/nodes/6.js" rel="modulepreload">');
		expect(head).toContain('<link href="/_app/immutable/chunks/room.js" rel="modulepreload">');
		expect(html.split('/_app/immutable/chunks/shared.js').length).toBe(2);
		expect(html.endsWith('</head><body></body></html>')).toBe(true);
	});

	it('adds no script: only links', () => {
		const html = withRoutePreloads(HTML, '/r/abc', TABLE);
		expect(html.match(/<script/g)).toBeNull();
	});

	it('picks the route by its segments', () => {
		expect(preloadsFor('/c', TABLE)?.id).toBe('/c');
		expect(preloadsFor('/c/', TABLE)?.id).toBe('/c');
		expect(preloadsFor('/', TABLE)?.id).toBe('/');
		expect(preloadsFor('/share', TABLE)?.id).toBe('/share');
		expect(preloadsFor('/r/abc', TABLE)?.id).toBe('/r/[roomId]');
	});

	it('leaves other paths as they are', () => {
		for (const path of ['/r', '/r/', '/r/abc/def', '/nowhere', '/cc', '/p/ABC123'])
			expect(withRoutePreloads(HTML, path, TABLE)).toBe(HTML);
		expect(withRoutePreloads(HTML, '/r/abc', [])).toBe(HTML);
		expect(withRoutePreloads('<html>no head', '/r/abc', TABLE)).toBe('<html>no head');
	});

	it("works for any build's index.html, given that build's table", () => {
		const other = HTML.replace('<html>', '<html lang="de">');
		const table: PreloadTable = [{ id: '/r/[roomId]', js: ['/_app/immutable/nodes/6.de.js'], css: [] }];
		expect(withRoutePreloads(other, '/r/x', table)).toContain(
			'<link href="/_app/immutable/nodes/6.de.js" rel="modulepreload"></head>'
		);
	});
});

describe('parsePreloadTable', () => {
	it('reads what the build writes', () => {
		const text = JSON.stringify({ routes: TABLE });
		expect(parsePreloadTable(text)).toEqual(TABLE);
	});

	it('leaves out a route with anything but plain file URLs, and junk', () => {
		const routes = [
			{ id: '/r/[roomId]', js: ['/a.js"><script>alert(1)</script>'], css: [] },
			{ id: '/r/[roomId]', js: ['https://elsewhere.example/a.js'], css: [] },
			{ id: '/r/[roomId]', js: ['/_app/../../a.js'], css: [] },
			{ id: '/r/[roomId]', js: ['/a.css'], css: [] },
			{ id: '/r/[...rest]', js: [], css: [] },
			{ id: '/ok', js: ['/_app/immutable/nodes/1.js'], css: ['/_app/immutable/assets/a.css'] },
			null,
			'x'
		];
		expect(parsePreloadTable(JSON.stringify({ routes }))).toEqual([routes[5]]);
		expect(parsePreloadTable('not json')).toEqual([]);
		expect(parsePreloadTable('null')).toEqual([]);
		expect(parsePreloadTable('{"routes":{}}')).toEqual([]);
	});
});
