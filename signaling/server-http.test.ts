import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingOptions, SignalingServer } from './server';
import { TestClient, httpUrl, joinMessage, privateRoom, startServer, wsUrl } from './test-support';

const BOOTSTRAP = '\n\t\t\t{ __sveltekit_test = {}; }\n\t\t';
const INDEX_HTML = `<!doctype html><html><head><script>${BOOTSTRAP}</script></head><body>VanishDrop SPA</body></html>`;
const BOOTSTRAP_HASH = `'sha256-${createHash('sha256').update(BOOTSTRAP).digest('base64')}'`;

let staticDir = '';
let server: SignalingServer | null = null;

beforeAll(() => {
	staticDir = mkdtempSync(join(tmpdir(), 'vanishdrop-build-'));
	writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
	mkdirSync(join(staticDir, '_app', 'immutable'), { recursive: true });
	writeFileSync(join(staticDir, '_app', 'immutable', 'entry.abc123.js'), 'export {};\n');
	writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

afterEach(async () => {
	await server?.close();
	server = null;
});

async function setup(options: SignalingOptions = {}): Promise<SignalingServer> {
	server = await startServer({ staticDir, ...options });
	return server;
}

function expectSecurityHeaders(res: Response, port: number): void {
	expect(res.headers.get('referrer-policy')).toBe('no-referrer');
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
	expect(res.headers.get('x-frame-options')).toBe('DENY');
	expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
	expect(res.headers.get('permissions-policy')).toContain('microphone=()');
	const csp = res.headers.get('content-security-policy') ?? '';
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain(`script-src 'self' ${BOOTSTRAP_HASH};`);
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}`);
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("object-src 'none'");
}

describe('HTTP', () => {
	it('serves the app with security headers and a hashed inline script', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/'));
		expect(res.status).toBe(200);
		expect(await res.text()).toBe(INDEX_HTML);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expectSecurityHeaders(res, s.address().port);
	});

	it('answers /healthz with counts and the same headers', async () => {
		const s = await setup();
		const client = await TestClient.open(wsUrl(s));
		await client.join(joinMessage(privateRoom()));
		const res = await fetch(httpUrl(s, '/healthz'));
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true, rooms: 1, clients: 1 });
		expectSecurityHeaders(res, s.address().port);
		client.ws.terminate();
	});

	it('falls back to index.html for app routes', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/r/abc'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/html');
		expect(await res.text()).toBe(INDEX_HTML);
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
		expectSecurityHeaders(missing, s.address().port);
	});

	it('answers 503 with a plain page when the app is not built', async () => {
		const s = await setup({ staticDir: join(staticDir, 'does-not-exist') });
		const res = await fetch(httpUrl(s, '/'));
		expect(res.status).toBe(503);
		expect(res.headers.get('content-type')).toContain('text/plain');
		expect(await res.text()).toContain('not built');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect((await fetch(httpUrl(s, '/healthz'))).status).toBe(200);
	});

	it('refuses methods other than GET and HEAD', async () => {
		const s = await setup();
		const res = await fetch(httpUrl(s, '/'), { method: 'POST', body: 'x' });
		expect(res.status).toBe(405);
		const head = await fetch(httpUrl(s, '/'), { method: 'HEAD' });
		expect(head.status).toBe(200);
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
		expect(res.headers.get('x-frame-options')).toBe('DENY');
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
		const same = await TestClient.open(wsUrl(s), { origin: `http://127.0.0.1:${port}` });
		const allowed = await TestClient.open(wsUrl(s), { origin: 'https://app.example' });
		await expect(TestClient.open(wsUrl(s), { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
		await expect(TestClient.open(wsUrl(s), { origin: 'null' })).rejects.toThrow('HTTP 403');
		same.ws.terminate();
		allowed.ws.terminate();
	});
});
