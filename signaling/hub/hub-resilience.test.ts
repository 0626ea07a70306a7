import { describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { TestClient, eventually, joinMessage, privateRoom } from '../../tests/support/test-client';
import { httpUrl, wsUrl, type TestServer } from '../../tests/support/test-server';

const { startServer, connect, joinedPair } = useSignalingHarness();

async function healthz(s: TestServer): Promise<unknown> {
	const res = await fetch(httpUrl(s, '/healthz'));
	expect(res.status).toBe(200);
	return res.json();
}

/** Two joined peers of one room, to show that trouble elsewhere leaves them alone. */
const bystanders = (s: TestServer) => joinedPair(s);

describe('resilience', () => {
	it('closes a 1 MB frame with 1009 and keeps serving', async () => {
		const s = await startServer();
		const { a, b, joinB } = await bystanders(s);
		const big = await TestClient.open(wsUrl(s));
		big.send('x'.repeat(1024 * 1024));
		expect((await big.closed).code).toBe(CloseCode.tooBig);
		expect(await healthz(s)).toMatchObject({ ok: true, rooms: 1 });
		a.send({ type: 'signal', to: joinB.peerId, data: 'still fine' });
		expect(await b.next()).toMatchObject({ type: 'signal', data: 'still fine' });
	});

	it('survives 1,000 malformed frames from 50 sockets without disturbing another room', async () => {
		const s = await startServer();
		const { a, b, joinA, joinB } = await bystanders(s);
		const attackers = await Promise.all(Array.from({ length: 50 }, () => TestClient.open(wsUrl(s))));
		const frames = ['not json', '{"type":"join"}', '[1,2,3]', '{"type":"signal","to":"x"}', '\u0000'];
		for (const attacker of attackers) {
			for (let i = 0; i < 20; i++) attacker.send(frames[i % frames.length] ?? '');
		}
		const closes = await Promise.all(attackers.map((attacker) => attacker.closed));
		expect(closes.every((c) => c.code === CloseCode.badMessage)).toBe(true);
		// Each attacker got exactly one error: later frames of a closing socket are ignored.
		expect(attackers.every((x) => x.received.length === 1)).toBe(true);
		await eventually(() => s.stats().clients === 2);

		expect(await healthz(s)).toMatchObject({ ok: true, rooms: 1, clients: 2 });
		a.send({ type: 'signal', to: joinB.peerId, data: 1 });
		expect(await b.next()).toEqual({ type: 'signal', from: joinA.peerId, data: 1 });
		expect(a.received.map((m) => m.type)).toEqual(['peers', 'peer-joined']);
		expect(b.received.map((m) => m.type)).toEqual(['peers', 'signal']);
	});

	it('opens and closes 500 idle connections and stays healthy', async () => {
		const s = await startServer({ maxConnectionsPerIp: 1000 });
		const idle: TestClient[] = [];
		for (let batch = 0; batch < 5; batch++) {
			idle.push(...(await Promise.all(Array.from({ length: 100 }, () => TestClient.open(wsUrl(s))))));
		}
		expect(s.stats().clients).toBe(500);
		expect(await healthz(s)).toMatchObject({ ok: true, rooms: 0, clients: 500 });
		await Promise.all(idle.map((client) => client.close()));
		await eventually(() => s.stats().clients === 0);
		expect(await healthz(s)).toMatchObject({ ok: true, rooms: 0, clients: 0 });
		const { a, b, joinB } = await bystanders(s);
		a.send({ type: 'signal', to: joinB.peerId, data: 'after' });
		expect(await b.next()).toMatchObject({ type: 'signal', data: 'after' });
	});

	it('terminates a client that stops answering pings and tells its room', async () => {
		const s = await startServer({ heartbeatMs: 50 });
		const room = privateRoom();
		const alive = await connect(s);
		const silent = await connect(s, { autoPong: false });
		await alive.join(joinMessage(room));
		const joinSilent = joinMessage(room);
		await silent.join(joinSilent);
		await alive.expect('peer-joined');

		const closed = await silent.closed;
		expect(closed.code).toBe(1006); // terminated: no closing handshake
		expect(await alive.next()).toEqual({ type: 'peer-left', id: joinSilent.peerId });
		// Several heartbeats later the answering client is still there.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(alive.ws.readyState).toBe(alive.ws.OPEN);
		expect(s.stats()).toEqual({ rooms: 1, clients: 1, peers: 1 });
	});

	it('closes every client with 1001 on shutdown', async () => {
		const s = await startServer();
		const { a, b } = await bystanders(s);
		const lonely = await TestClient.open(wsUrl(s));
		const health = httpUrl(s, '/healthz');
		await s.close();
		for (const client of [a, b, lonely]) expect((await client.closed).code).toBe(CloseCode.goingAway);
		// Nobody was told of a departure while the server shut down.
		expect(a.received.map((m) => m.type)).toEqual(['peers', 'peer-joined']);
		await expect(fetch(health)).rejects.toThrow();
	});
});
