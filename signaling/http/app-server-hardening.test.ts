import { connect as tcpConnect, type Socket } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../defaults';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { rawUpgrade } from '../../tests/support/test-client';
import { wsUrl, type TestServer } from '../../tests/support/test-server';
import { TestClient } from '../../tests/support/test-client';

const harness = useSignalingHarness();
const sockets: Socket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
});

/** A raw TCP connection to the server; resolves once connected. */
async function rawSocket(s: TestServer): Promise<Socket & { ended: Promise<number> }> {
	const socket = tcpConnect(s.port, '127.0.0.1');
	sockets.push(socket);
	socket.on('error', () => {});
	const started = Date.now();
	const ended = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
	await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
	return Object.assign(socket, { ended });
}

/** A GET with the given headers: status, body and headers. */
function get(s: TestServer, path: string, headers: Record<string, string> = {}) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port: s.port, path, headers }, (res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

const closedWithin = (ms: number) => new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms));

describe('HTTP timeouts and connection caps', () => {
	it('sets a 10 s header timeout, a request timeout and a connection cap by default', async () => {
		const s = await harness.startServer();
		expect(s.httpServer.headersTimeout).toBe(DEFAULTS.headersTimeoutMs);
		expect(DEFAULTS.headersTimeoutMs).toBe(10_000);
		expect(s.httpServer.requestTimeout).toBe(DEFAULTS.requestTimeoutMs);
		expect(s.httpServer.requestTimeout).toBeGreaterThan(0);
		expect(s.httpServer.maxConnections).toBe(DEFAULTS.maxConnections);
	});

	it('cuts off a connection that sends its headers slowly', async () => {
		const s = await harness.startServer({ headersTimeoutMs: 1000 });
		const socket = await rawSocket(s);
		socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
		const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 300);
		const result = await Promise.race([socket.ended, closedWithin(5000)]);
		clearInterval(drip);
		expect(result).not.toBe('open');
		expect(result as number).toBeLessThan(4000);
	});

	it('refuses connections past the cap', async () => {
		const s = await harness.startServer({ maxConnections: 2, maxHttpConnectionsPerIp: 0 });
		await rawSocket(s);
		await rawSocket(s);
		const third = await rawSocket(s);
		expect(await Promise.race([third.ended, closedWithin(2000)])).not.toBe('open');
	});

	it('caps plain HTTP connections per address, but not WebSockets', async () => {
		const s = await harness.startServer({ maxHttpConnectionsPerIp: 2 });
		const sockets = [await harness.connect(s), await harness.connect(s), await harness.connect(s)];
		expect(sockets.every((c) => c.ws.readyState === c.ws.OPEN)).toBe(true);
		const first = await rawSocket(s);
		await rawSocket(s);
		const third = await rawSocket(s);
		expect(await Promise.race([third.ended, closedWithin(2000)])).not.toBe('open');
		first.destroy();
		await first.ended;
		const again = await rawSocket(s);
		expect(await Promise.race([again.ended, closedWithin(300)])).toBe('open');
	});

	it('keeps WebSockets open past the request timeout', async () => {
		const s = await harness.startServer({ requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
		const client = await harness.connect(s);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(client.ws.readyState).toBe(client.ws.OPEN);
	});
});

describe('Host allowlist (DNS rebinding)', () => {
	it('refuses a page and a WebSocket for a host this server does not answer to', async () => {
		const s = await harness.startServer();
		expect((await get(s, '/', { Host: 'evil.example' })).status).toBe(421);
		const upgrade = harness.trackRaw(
			await rawUpgrade(s, { headers: { Host: 'evil.example', Origin: 'http://evil.example' } })
		);
		expect(upgrade.status).toBe(421);
		const withPort = harness.trackRaw(
			await rawUpgrade(s, {
				headers: { Host: `evil.example:${s.port}`, Origin: `http://evil.example:${s.port}` }
			})
		);
		expect(withPort.status).toBe(421);
	});

	it('answers LAN names no public DNS can hand an attacker: single labels, .local, .lan, .home.arpa…', async () => {
		const s = await harness.startServer();
		for (const host of ['mypc', 'mypc.local', 'nas.lan', 'box.home.arpa', 'lan.test', 'db.internal']) {
			expect((await get(s, '/healthz', { Host: `${host}:${s.port}` })).status, host).toBe(200);
		}
		for (const host of ['local.evil.example', 'lan.example.com', 'internal.evil']) {
			expect((await get(s, '/healthz', { Host: host })).status, host).toBe(421);
		}
	});

	it('answers localhost, loopback addresses, ALLOWED_HOSTS and the hosts of ALLOWED_ORIGINS', async () => {
		const s = await harness.startServer({
			allowedHosts: ['drop.example.org'],
			allowedOrigins: ['https://app.example.net']
		});
		for (const host of [
			`localhost:${s.port}`,
			`127.0.0.1:${s.port}`,
			`[::1]:${s.port}`,
			'drop.example.org',
			'DROP.example.org:443',
			'app.example.net'
		]) {
			expect((await get(s, '/healthz', { Host: host })).status, host).toBe(200);
		}
		const client = new TestClient(wsUrl(s), {
			headers: { Host: 'drop.example.org', Origin: 'https://drop.example.org' }
		});
		harness.track(client);
		await client.opened;
	});
});

describe('/healthz', () => {
	it('answers only ok, with the counts for loopback requests that no proxy forwarded', async () => {
		const s = await harness.startServer({ trustProxy: false });
		const local = await get(s, '/healthz');
		const health = JSON.parse(local.body) as { retained: Record<string, number> };
		expect(health).toMatchObject({ ok: true, rooms: 0, clients: 0, retained: { clients: 0, rooms: 0 } });
		expect(Object.values(health.retained).every((n) => n === 0)).toBe(true);
		const proxied = await get(s, '/healthz', { 'X-Forwarded-For': '203.0.113.9' });
		expect(proxied).toEqual({ status: 200, body: 'ok\n' });
		const trusted = await harness.startServer({ trustProxy: true });
		expect((await get(trusted, '/healthz', { 'X-Forwarded-For': '203.0.113.9' })).body).toBe('ok\n');
		expect(
			JSON.parse((await get(trusted, '/healthz', { 'X-Forwarded-For': '127.0.0.1' })).body)
		).toMatchObject({
			ok: true
		});
	});
});
