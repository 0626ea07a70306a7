import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanIpv4Addresses } from './tls-certificate';
import { securityHeaders } from './security-headers';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { TestClient, joinMessage, privateRoom } from '../../tests/support/test-client';
import { httpUrl, type TestServer, type TestServerOptions } from '../../tests/support/test-server';
import { hasOpenssl, httpsGet, testCertificate, type TestCertificate } from '../../tests/support/tls';

const INDEX_HTML = '<!doctype html><html><body>VanishDrop SPA</body></html>';

let certificate: TestCertificate | undefined;
let staticDir = '';
const harness = useSignalingHarness();

beforeAll(async () => {
	staticDir = mkdtempSync(join(tmpdir(), 'vanishdrop-build-'));
	writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
	if (hasOpenssl()) certificate = await testCertificate();
});

afterAll(() => {
	certificate?.remove();
	rmSync(staticDir, { recursive: true, force: true });
});

function setup(options: TestServerOptions = {}): Promise<TestServer> {
	if (!certificate) throw new Error('no test certificate');
	return harness.startServer({
		staticDir,
		tls: { cert: certificate.cert, key: certificate.key },
		...options
	});
}

const connect = (s: TestServer) => harness.connect(s, { rejectUnauthorized: false });

describe.skipIf(!hasOpenssl())(
	'HTTPS and WSS on one port (skipped: no openssl to make a certificate)',
	() => {
		it('reports https and serves /healthz, the app and its fallback with the security headers', async () => {
			const s = await setup();
			expect(s.protocol).toBe('https');
			expect(httpUrl(s)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
			const port = s.address().port;

			const health = await httpsGet(httpUrl(s, '/healthz'));
			expect(health.status).toBe(200);
			expect(JSON.parse(health.body)).toMatchObject({ ok: true, rooms: 0, clients: 0 });

			const page = await httpsGet(httpUrl(s, '/r/someRoom'));
			expect(page.status).toBe(200);
			expect(page.body).toBe(INDEX_HTML.replace('<html>', '<html lang="en" dir="ltr">'));
			expect(page.headers['content-security-policy']).toContain(
				`connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}`
			);
			expect(page.headers['x-frame-options']).toBe('DENY');
			expect(page.headers['referrer-policy']).toBe('no-referrer');
			// Browsers ignore HSTS for IP addresses; sending it would only mislead.
			expect(page.headers['strict-transport-security']).toBeUndefined();
		});

		it('sends a short HSTS for a DNS name, but not for localhost', async () => {
			const s = await setup();
			const named = await httpsGet(httpUrl(s, '/healthz'), { Host: 'drop.example.org' });
			expect(named.headers['strict-transport-security']).toBe('max-age=86400');
			const local = await httpsGet(httpUrl(s, '/healthz'), { Host: `localhost:${s.address().port}` });
			expect(local.headers['strict-transport-security']).toBeUndefined();
		});

		it('relays over wss: a joiner gets peers, the other gets peer-joined', async () => {
			const s = await setup({ lanUrls: ['https://192.168.1.20:3000'] });
			const room = privateRoom();
			const a = await connect(s);
			const joinA = joinMessage(room, { name: 'Alice' });
			expect(await a.join(joinA)).toMatchObject({
				type: 'peers',
				self: joinA.peerId,
				peers: [],
				lanUrls: ['https://192.168.1.20:3000']
			});
			const b = await connect(s);
			const joinB = joinMessage(room, { name: 'Bob' });
			expect((await b.join(joinB)).peers).toEqual([{ id: joinA.peerId, name: 'Alice' }]);
			expect(await a.expect('peer-joined')).toMatchObject({ peer: { id: joinB.peerId } });
			expect(s.stats()).toEqual({ rooms: 1, clients: 2, peers: 2 });
		});

		it('refuses a plain ws:// connection on the TLS port', async () => {
			const s = await setup();
			const plain = harness.track(new TestClient(`ws://127.0.0.1:${s.address().port}/ws`));
			await expect(plain.opened).rejects.toThrow();
			expect(s.stats().clients).toBe(0);
		});

		it('tells joiners https:// LAN URLs by default', async () => {
			// Bound to every interface so that there are LAN URLs; the test still connects to 127.0.0.1.
			const s = await setup({ host: '0.0.0.0' });
			const peers = await (await connect(s)).join(joinMessage(privateRoom()));
			const port = s.address().port;
			expect(peers.lanUrls).toEqual(lanIpv4Addresses().map((ip) => `https://${ip}:${port}`));
			for (const url of peers.lanUrls) expect(url).toMatch(/^https:\/\//);
		});

		it('closes cleanly with clients connected', async () => {
			const s = await setup();
			const a = await connect(s);
			await a.join(joinMessage(privateRoom()));
			await s.close();
			expect((await a.closed).code).toBe(1001);
		});
	}
);

describe('securityHeaders', () => {
	it('adds HSTS only over HTTPS and only for a DNS name', () => {
		const hsts = (host: string, https: boolean): string | undefined =>
			securityHeaders(host, [], { https })['Strict-Transport-Security'];
		expect(hsts('drop.example.org', true)).toBe('max-age=86400');
		expect(hsts('drop.example.org:8443', true)).toBe('max-age=86400');
		expect(hsts('drop.example.org', false)).toBeUndefined();
		for (const host of ['localhost:3000', 'app.localhost', '192.168.1.20:3000', '[fd00::7]:3000', 'a/b']) {
			expect(hsts(host, true)).toBeUndefined();
		}
	});
});
