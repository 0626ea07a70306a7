import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger';
import { TestClient, joinMessage, privateRoom } from '../../tests/support/test-client';
import { startTestServer, wsUrl, type TestServer } from '../../tests/support/test-server';
import { turnPassword } from './turn-credentials';

const SECRET = 'hub-test-static-secret';
const TURN_URLS = ['turn:127.0.0.1:3478?transport=udp', 'turns:127.0.0.1:5349'];

describe('TURN credentials handed out on join', () => {
	let server: TestServer;
	const logged: string[] = [];
	const logger: Logger = (event, fields) => logged.push(JSON.stringify({ event, fields }));

	afterEach(async () => {
		await server.close();
		logged.length = 0;
	});

	it('gives each joiner the static servers and its own fresh TURN credential, never the secret', async () => {
		server = await startTestServer({
			logger,
			iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
			turn: { urls: TURN_URLS, secret: SECRET, ttlSeconds: 900 }
		});
		const room = privateRoom();
		const a = await TestClient.open(wsUrl(server));
		const b = await TestClient.open(wsUrl(server));
		const before = Math.floor(Date.now() / 1000);
		const peersA = await a.join(joinMessage(room));
		const peersB = await b.join(joinMessage(room));
		const after = Math.floor(Date.now() / 1000);

		const turnA = peersA.iceServers[1];
		const turnB = peersB.iceServers[1];
		expect(peersA.iceServers).toHaveLength(2);
		expect(peersA.iceServers[0]).toEqual({ urls: 'stun:127.0.0.1:3478' });
		expect(turnA?.urls).toEqual(TURN_URLS);
		expect(turnA?.username).not.toBe(turnB?.username);
		for (const entry of [turnA, turnB]) {
			const username = entry?.username ?? '';
			const expiry = Number(username.split(':')[0]);
			expect(expiry).toBeGreaterThanOrEqual(before + 900);
			expect(expiry).toBeLessThanOrEqual(after + 900);
			expect(entry?.credential).toBe(turnPassword(SECRET, username));
		}
		expect(JSON.stringify([...a.received, ...b.received])).not.toContain(SECRET);
		expect(logged.length).toBeGreaterThan(0);
		expect(logged.join('\n')).not.toContain(SECRET);
		await a.close();
		await b.close();
	});

	it('binds each credential to its room: the username names the room by a keyed tag, not its id', async () => {
		server = await startTestServer({ turn: { urls: TURN_URLS, secret: SECRET, ttlSeconds: 900 } });
		const room = privateRoom();
		const other = privateRoom();
		const clients = await Promise.all([0, 1, 2].map(() => TestClient.open(wsUrl(server))));
		const [a, b, c] = clients as [TestClient, TestClient, TestClient];
		const tagOf = (peers: Awaited<ReturnType<TestClient['join']>>): string =>
			(peers.iceServers[0]?.username ?? '').split(':')[1]?.split('.')[0] ?? '';
		const tagA = tagOf(await a.join(joinMessage(room)));
		const tagB = tagOf(await b.join(joinMessage(room)));
		const tagC = tagOf(await c.join(joinMessage(other)));
		expect(tagA).toMatch(/^[\w-]{16}$/);
		expect(tagB).toBe(tagA);
		expect(tagC).not.toBe(tagA);
		const text = JSON.stringify(a.received);
		if (room.kind === 'private') expect(text).not.toContain(room.id);
		await Promise.all(clients.map((client) => client.close()));
	});

	it('hands out only the static servers without a relay', async () => {
		server = await startTestServer({ logger, iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
		const a = await TestClient.open(wsUrl(server));
		expect((await a.join(joinMessage(privateRoom()))).iceServers).toEqual([{ urls: 'stun:127.0.0.1:3478' }]);
		await a.close();
	});
});
