import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressTree } from '../../scripts/precompress.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './app-server';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { TestClient, joinMessage, privateRoom, rawUpgrade } from '../../tests/support/test-client';
import { httpUrl, wsUrl, type TestServer, type TestServerOptions } from '../../tests/support/test-server';

const BOOTSTRAP = '\n\t\t\t{ __sveltekit_test = {}; }\n\t\t';
const INDEX_HTML = `<!doctype html><html><head><script>${BOOTSTRAP}</script></head><body>VanishDrop SPA</body></html>`;
/** The page as served: the build's `<html>` tag says the page's language and direction. */
const SERVED_HTML = INDEX_HTML.replace('<html>', '<html lang="en" dir="ltr">');
const GERMAN_BOOTSTRAP = 'console.log("Hallo")';
const GERMAN_HASH = `'sha256-${createHash('sha256').update(GERMAN_BOOTSTRAP).digest('base64')}'`;
const GERMAN_HTML = `<!doctype html><html><head><script>${GERMAN_BOOTSTRAP}</script></head><body>Deutsch</body></html>`;
const BOOTSTRAP_HASH = `'sha256-${createHash('sha256').update(BOOTSTRAP).digest('base64')}'`;

/** A script worth compressing, as the build's chunks are. */
const CHUNK = Array.from({ length: 400 }, (_, i) => `export const v${i} = ${i};`).join('\n');

/** The raw response, undecoded: `fetch` would decode it and hide what was sent. */
function rawGet(
	url: string,
	acceptEncoding: string
): Promise<{ encoding: string; vary: string; body: Buffer }> {
	return new Promise((resolve, reject) => {
		httpGet(url, { headers: { 'Accept-Encoding': acceptEncoding }, agent: false }, (res) => {
			const parts: Buffer[] = [];
			res.on('data', (b: Buffer) => parts.push(b));
			res.on('end', () =>
				resolve({
					encoding: String(res.headers['content-encoding'] ?? 'identity'),
					vary: String(res.headers.vary ?? ''),
					body: Buffer.concat(parts)
				})
			);
		}).on('error', reject);
	});
}

let staticDir = '';
const harness = useSignalingHarness();

beforeAll(() => {
	staticDir = mkdtempSync(join(tmpdir(), 'vanishdrop-build-'));
	writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
	mkdirSync(join(staticDir, '_app', 'immutable'), { recursive: true });
	writeFileSync(join(staticDir, '_app', 'immutable', 'entry.abc123.js'), 'export {};\n');
	writeFileSync(join(staticDir, '_app', 'immutable', 'chunk.def456.js'), CHUNK);
	precompressTree(join(staticDir, '_app', 'immutable'));
	writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
	writeFileSync(join(staticDir, 'service-worker.js'), '// en\n');
	mkdirSync(join(staticDir, '_locales', 'de'), { recursive: true });
	writeFileSync(join(staticDir, '_locales', 'de', 'index.html'), GERMAN_HTML);
	writeFileSync(join(staticDir, '_locales', 'de', 'service-worker.js'), '// de\n');
});

afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

function setup(options: TestServerOptions = {}): Promise<TestServer> {
	return harness.startServer({ staticDir, ...options });
}

/** `scriptSrc` is what `script-src` must be exactly: the app's inline script hash when built. */
function expectSecurityHeaders(
	headers: Headers | IncomingHttpHeaders,
	port: number,
	scriptSrc = `'self' ${BOOTSTRAP_HASH} ${GERMAN_HASH}`
): void {
	const get = (name: string): string =>
		headers instanceof Headers ? (headers.get(name) ?? '') : String(headers[name] ?? '');
	expect(get('referrer-policy')).toBe('no-referrer');
	expect(get('x-content-type-options')).toBe('nosniff');
	expect(get('cross-origin-opener-policy')).toBe('same-origin');
	expect(get('x-frame-options')).toBe('DENY');
	expect(get('permissions-policy')).toContain('camera=(self)');
	expect(get('permissions-policy')).toContain('microphone=()');
	const directives = new Map(
		get('content-security-policy')
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.map(([name = '', ...values]) => [name, values.join(' ')])
	);
	expect(directives.get('default-src')).toBe("'self'");
	expect(directives.get('script-src')).toBe(scriptSrc);
	expect(directives.get('connect-src')).toContain(`'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}`);
	expect(directives.get('frame-ancestors')).toBe("'none'");
	expect(directives.get('object-src')).toBe("'none'");
	// Clips play from Blob URLs, and from nowhere else.
	expect(directives.get('media-src')).toBe("'self' blob:");
	expect(get('content-security-policy')).not.toContain('unsafe-eval');
}

describe('HTTP', () => {
	it('serves the app with security headers and a hashed inline script', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/'));
		expect(res.status).toBe(200);
		expect(await res.text()).toBe(SERVED_HTML);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expectSecurityHeaders(res.headers, s.address().port);
	});

	it('answers /healthz with counts and the same headers', async () => {
		const s = await setup();
		const client = await TestClient.open(wsUrl(s));
		await client.join(joinMessage(privateRoom()));
		const res = await fetch(httpUrl(s, '/healthz'));
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ ok: true, rooms: 1, clients: 1, retained: { members: 1 } });
		expectSecurityHeaders(res.headers, s.address().port);
		client.ws.terminate();
	});

	it('falls back to index.html for app routes', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/r/abc'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/html');
		expect(await res.text()).toBe(SERVED_HTML);
	});

	it("serves each page in the chosen language, else the browser's, else English", async () => {
		const s = await setup();
		const page = async (headers: Record<string, string>, path = '/r/abc') => {
			const res = await fetch(httpUrl(s, path), { headers });
			expect(res.headers.get('vary')).toBe('Cookie, Accept-Language');
			return res.text();
		};
		const german = GERMAN_HTML.replace('<html>', '<html lang="de" dir="ltr">');
		expect(await page({ 'accept-language': 'de-AT, en;q=0.5' })).toBe(german);
		expect(await page({ cookie: 'vd-lang=de', 'accept-language': 'en' }, '/')).toBe(german);
		expect(await page({ cookie: 'vd-lang=en', 'accept-language': 'de' })).toBe(SERVED_HTML);
		// A language with no build here (Arabic) gets the English page, said as English.
		expect(await page({ cookie: 'vd-lang=ar' })).toBe(SERVED_HTML);
		const worker = await fetch(httpUrl(s, '/service-worker.js'), { headers: { cookie: 'vd-lang=de' } });
		expect(await worker.text()).toBe('// de\n');
		// One CSP covers every language's inline bootstrap.
		const csp = (await fetch(httpUrl(s, '/'))).headers.get('content-security-policy') ?? '';
		const hash = (body: string) => createHash('sha256').update(body).digest('base64');
		expect(csp).toContain(`'sha256-${hash(BOOTSTRAP)}'`);
		expect(csp).toContain(`'sha256-${hash(GERMAN_BOOTSTRAP)}'`);
	});

	it("links a route's code from its page, from its language's own table, and revalidates it", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-build-'));
		const table = (js: string) =>
			JSON.stringify({ routes: [{ id: '/r/[roomId]', js: [js], css: ['/_app/immutable/assets/r.css'] }] });
		try {
			writeFileSync(join(dir, 'index.html'), INDEX_HTML);
			writeFileSync(join(dir, 'route-preloads.json'), table('/_app/immutable/nodes/6.en.js'));
			mkdirSync(join(dir, '_locales', 'de'), { recursive: true });
			writeFileSync(join(dir, '_locales', 'de', 'index.html'), GERMAN_HTML);
			writeFileSync(
				join(dir, '_locales', 'de', 'route-preloads.json'),
				table('/_app/immutable/nodes/6.de.js')
			);
			const s = await setup({ staticDir: dir });
			const room = await fetch(httpUrl(s, '/r/abc?x=1'));
			const html = await room.text();
			expect(html).toContain('<link href="/_app/immutable/nodes/6.en.js" rel="modulepreload">');
			expect(html).toContain('<link href="/_app/immutable/assets/r.css" rel="stylesheet">');
			expect(room.headers.get('content-type')).toContain('text/html');
			expect(room.headers.get('cache-control')).toBe('no-cache');
			expectSecurityHeaders(room.headers, s.address().port);
			const german = await (await fetch(httpUrl(s, '/r/abc'), { headers: { cookie: 'vd-lang=de' } })).text();
			expect(german).toContain('<link href="/_app/immutable/nodes/6.de.js" rel="modulepreload">');
			expect(german).not.toContain('6.en.js');
			const again = await fetch(httpUrl(s, '/r/abc'), {
				headers: { 'If-None-Match': room.headers.get('etag')! }
			});
			expect(again.status).toBe(304);
			expect(await (await fetch(httpUrl(s, '/'))).text()).toBe(SERVED_HTML);
			const head = await fetch(httpUrl(s, '/r/abc'), { method: 'HEAD' });
			expect(head.status).toBe(200);
			expect(await head.text()).toBe('');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('caches immutable assets for a year and 404s missing files', async () => {
		const s = await setup();
		const asset = await fetch(httpUrl(s, '/_app/immutable/entry.abc123.js'));
		expect(asset.status).toBe(200);
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(asset.headers.get('content-type')).toContain('javascript');
		const icon = await fetch(httpUrl(s, '/favicon.svg'));
		expect(icon.headers.get('cache-control')).toBe('no-cache');
		const missing = await fetch(httpUrl(s, '/_app/immutable/gone.js'));
		expect(missing.status).toBe(404);
		expectSecurityHeaders(missing.headers, s.address().port);
	});

	it("sends the build's scripts compressed to a browser that accepts it, brotli first", async () => {
		const s = await setup();
		const url = httpUrl(s, '/_app/immutable/chunk.def456.js');
		const br = await rawGet(url, 'gzip, deflate, br');
		expect(br.encoding).toBe('br');
		expect(brotliDecompressSync(br.body).toString()).toBe(CHUNK);
		expect(br.body.length).toBeLessThan(CHUNK.length / 3);
		const gz = await rawGet(url, 'gzip, deflate');
		expect(gz.encoding).toBe('gzip');
		expect(gunzipSync(gz.body).toString()).toBe(CHUNK);
		expect(gz.vary).toContain('Accept-Encoding');
		const plain = await rawGet(url, 'identity');
		expect(plain.encoding).toBe('identity');
		expect(plain.body.toString()).toBe(CHUNK);
	});

	it('answers 503 with a plain page when the app is not built', async () => {
		const s = await setup({ staticDir: join(staticDir, 'does-not-exist') });
		const res = await fetch(httpUrl(s, '/'));
		expect(res.status).toBe(503);
		expect(res.headers.get('content-type')).toContain('text/plain');
		expect(await res.text()).toContain('not built');
		// Nothing to hash while there is no index.html, and still no 'unsafe-inline'.
		expectSecurityHeaders(res.headers, s.address().port, "'self'");
		const health = await fetch(httpUrl(s, '/healthz'));
		expect(health.status).toBe(200);
		expectSecurityHeaders(health.headers, s.address().port, "'self'");
	});

	it('refuses methods other than GET and HEAD', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/'), { method: 'POST', body: 'x' });
		expect(res.status).toBe(405);
		expectSecurityHeaders(res.headers, s.address().port);
		const head = await fetch(httpUrl(s, '/'), { method: 'HEAD' });
		expect(head.status).toBe(200);
		expectSecurityHeaders(head.headers, s.address().port);
	});

	it('lets an extraHttp hook answer first', async () => {
		const s = await setup({
			extraHttp(req, res) {
				if (req.url !== '/extra') return false;
				res.end('extra');
				return true;
			}
		});
		const res = await fetch(httpUrl(s, '/extra'));
		expect(await res.text()).toBe('extra');
		expectSecurityHeaders(res.headers, s.address().port);
	});
});

describe('WebSocket upgrades', () => {
	it('accepts only /ws', async () => {
		const s = await setup();
		await expect(TestClient.open(wsUrl(s, '/other'))).rejects.toThrow('HTTP 404');
		const ok = await TestClient.open(wsUrl(s, '/ws?v=1'));
		ok.ws.terminate();
	});

	it('accepts no Origin, the same origin and allowed origins, and refuses others', async () => {
		const s = await setup({ allowedOrigins: ['https://app.example'] });
		const port = s.address().port;
		const none = await TestClient.open(wsUrl(s));
		const same = await TestClient.open(wsUrl(s), { origin: `http://127.0.0.1:${port}` });
		const allowed = await TestClient.open(wsUrl(s), { origin: 'https://app.example' });
		expect(s.stats().clients).toBe(3);
		for (const origin of [
			'https://evil.example',
			'null',
			`http://127.0.0.1:${port + 1}`,
			`http://localhost:${port}`,
			`file://127.0.0.1:${port}`,
			'https://app.example.evil.example',
			'https://app.example:443.evil.example'
		]) {
			await expect(TestClient.open(wsUrl(s), { origin }), origin).rejects.toThrow('HTTP 403');
		}
		// Refused before the handshake: no WebSocket ever existed on the server.
		expect(s.stats().clients).toBe(3);
		for (const client of [none, same, allowed]) client.ws.terminate();
	});

	it('answers a cross-origin upgrade with a bare 403 that carries the security headers', async () => {
		const s = await setup();
		const answer = await rawUpgrade(s, { headers: { Origin: 'https://evil.example' } });
		expect(answer.status).toBe(403);
		expect(answer.socket).toBeNull();
		expect(answer.headers['content-length']).toBe('0');
		expectSecurityHeaders(answer.headers, s.address().port);
		expect(s.stats().clients).toBe(0);
	});

	it.each([
		['another path', { path: '/nope' }, 404],
		['another method', { method: 'POST' }, 405],
		['a bad Sec-WebSocket-Key', { headers: { 'Sec-WebSocket-Key': 'short' } }, 400],
		['an unknown Sec-WebSocket-Version', { headers: { 'Sec-WebSocket-Version': '7' } }, 400],
		['a malformed Sec-WebSocket-Protocol', { headers: { 'Sec-WebSocket-Protocol': 'a,,b' } }, 400]
	] as const)('refuses an upgrade with %s, with the security headers', async (_label, request, status) => {
		const s = await setup();
		const answer = await rawUpgrade(s, request);
		expect(answer.status).toBe(status);
		expectSecurityHeaders(answer.headers, s.address().port);
		expect(s.stats().clients).toBe(0);
	});
});

describe('isAllowedOrigin', () => {
	const none = new Set<string>();

	it('compares the Origin host with Host as URL hosts', () => {
		expect(isAllowedOrigin(undefined, 'a.example', none)).toBe(true);
		expect(isAllowedOrigin('https://a.example', 'a.example', none)).toBe(true);
		expect(isAllowedOrigin('https://a.example', 'A.EXAMPLE', none)).toBe(true);
		expect(isAllowedOrigin('https://a.example', 'a.example:443', none)).toBe(true);
		expect(isAllowedOrigin('http://a.example', 'a.example:80', none)).toBe(true);
		expect(isAllowedOrigin('http://[::1]:3000', '[::1]:3000', none)).toBe(true);
	});

	it('refuses other hosts, ports and schemes, a missing Host and junk', () => {
		expect(isAllowedOrigin('https://a.example', 'a.example:8443', none)).toBe(false);
		expect(isAllowedOrigin('https://b.example', 'a.example', none)).toBe(false);
		expect(isAllowedOrigin('https://a.example', undefined, none)).toBe(false);
		expect(isAllowedOrigin('ftp://a.example', 'a.example', none)).toBe(false);
		expect(isAllowedOrigin('null', 'a.example', none)).toBe(false);
		expect(isAllowedOrigin('', 'a.example', none)).toBe(false);
		expect(isAllowedOrigin('https://a.example', 'a.example/x y', none)).toBe(false);
	});

	it('allows listed origins exactly', () => {
		const allowed = new Set(['https://app.example']);
		expect(isAllowedOrigin('https://app.example', 'other.example', allowed)).toBe(true);
		expect(isAllowedOrigin('https://app.example:8443', 'other.example', allowed)).toBe(false);
		expect(isAllowedOrigin('http://app.example', 'other.example', allowed)).toBe(false);
	});
});
