import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPageRequest } from './page-response';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { httpUrl, type TestServer } from '../../tests/support/test-server';

const INDEX_HTML = `<!doctype html><html lang="en"><head><meta name="theme-color" data-scheme="light" media="(prefers-color-scheme: light)" content="#fff" /></head><body>SPA</body></html>`;

let staticDir = '';
const harness = useSignalingHarness();

beforeAll(() => {
	staticDir = mkdtempSync(join(tmpdir(), 'vanishdrop-page-'));
	writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
	mkdirSync(join(staticDir, '_app', 'immutable'), { recursive: true });
	writeFileSync(join(staticDir, '_app', 'immutable', 'entry.abc123.js'), 'export {};\n');
	writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

function setup(): Promise<TestServer> {
	return harness.startServer({ staticDir });
}

describe('isPageRequest', () => {
	it('is every app route, and index.html itself', () => {
		for (const url of ['/', '/r/abc', '/p/K7M2QX?new', '/n/x#y', '/index.html', '/_app', '/x.js/', '/a%2Fb'])
			expect(isPageRequest(url), url).toBe(true);
	});

	it('is never a file with an extension', () => {
		for (const url of [
			'/favicon.svg',
			'/_app/immutable/entry.abc123.js',
			'/manifest.webmanifest',
			'/x%2Ejs',
			'/a.b.c'
		])
			expect(isPageRequest(url), url).toBe(false);
	});
});

describe('the served page', () => {
	it('carries the theme of the vd-theme cookie on its html tag', async () => {
		const s = await setup();
		for (const [cookie, tag] of [
			['vd-theme=light', '<html data-theme="light" lang="en" dir="ltr">'],
			['a=b; vd-theme=dark', '<html data-theme="dark" lang="en" dir="ltr">'],
			['vd-theme=system', '<html lang="en" dir="ltr">'],
			['vd-theme="><script>alert(1)</script>', '<html lang="en" dir="ltr">']
		] as const) {
			const res = await fetch(httpUrl(s, '/r/abc'), { headers: { cookie } });
			expect(res.status).toBe(200);
			const body = await res.text();
			expect(body, cookie).toContain(tag);
			expect(body).not.toContain('<script>');
		}
		const plain = await fetch(httpUrl(s, '/'));
		expect(await plain.text()).toBe(INDEX_HTML.replace('<html lang="en">', '<html lang="en" dir="ltr">'));
	});

	it('sets the chosen theme-color and says it varies with the cookie', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/index.html'), { headers: { cookie: 'vd-theme=dark' } });
		expect(await res.text()).toContain('data-scheme="light" media="not all"');
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expect(res.headers.get('vary')).toBe('Cookie, Accept-Language');
		expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
	});

	it('answers 304 to its own ETag only, one per theme', async () => {
		const s = await setup();
		const light = await fetch(httpUrl(s, '/'), { headers: { cookie: 'vd-theme=light' } });
		const dark = await fetch(httpUrl(s, '/'), { headers: { cookie: 'vd-theme=dark' } });
		const etag = light.headers.get('etag') ?? '';
		expect(etag).toMatch(/^W\/"[\w-]+"$/);
		expect(dark.headers.get('etag')).not.toBe(etag);
		const again = await fetch(httpUrl(s, '/'), {
			headers: { cookie: 'vd-theme=light', 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
		const other = await fetch(httpUrl(s, '/'), {
			headers: { cookie: 'vd-theme=dark', 'if-none-match': etag }
		});
		expect(other.status).toBe(200);
	});

	it('answers HEAD with the headers alone, and leaves files to the file server', async () => {
		const s = await setup();
		const head = await fetch(httpUrl(s, '/r/abc'), { method: 'HEAD', headers: { cookie: 'vd-theme=light' } });
		expect(head.status).toBe(200);
		expect(Number(head.headers.get('content-length'))).toBe(
			Buffer.byteLength(
				INDEX_HTML.replace('<html lang="en">', '<html data-theme="light" lang="en" dir="ltr">').replace(
					/media="[^"]*"/,
					'media="all"'
				)
			)
		);
		expect(await head.text()).toBe('');
		const icon = await fetch(httpUrl(s, '/favicon.svg'), { headers: { cookie: 'vd-theme=light' } });
		expect(await icon.text()).toContain('<svg');
		expect(icon.headers.get('vary')).not.toContain('Cookie');
		const missing = await fetch(httpUrl(s, '/nope.js'));
		expect(missing.status).toBe(404);
	});
});
