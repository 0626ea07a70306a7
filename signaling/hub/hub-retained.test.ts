import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { eventually, joinMessage, privateRoom } from '../../tests/support/test-client';
import { httpUrl, wsUrl, type TestServer } from '../../tests/support/test-server';

const { startServer, connect } = useSignalingHarness();

const total = (s: TestServer): number => Object.values(s.retained()).reduce((sum, n) => sum + n, 0);

/** A home page's socket that said hello nearby, once welcomed. */
async function homePage(s: TestServer, name: string, i: number): Promise<WebSocket> {
	const ws = new WebSocket(wsUrl(s), { headers: { 'X-Forwarded-For': `203.0.113.${i + 1}` } });
	ws.on('error', () => {});
	await new Promise((resolve) => ws.once('open', resolve));
	ws.send(JSON.stringify({ type: 'nearby-hello', name, device: 'laptop', visible: true }));
	await new Promise((resolve) => ws.once('message', resolve));
	return ws;
}

/** Clients from 12 addresses join 3 rooms, signal each other and leave; two home pages say hello nearby. */
async function churn(s: TestServer): Promise<void> {
	const rooms = [privateRoom(), privateRoom(), privateRoom()];
	const clients = await Promise.all(
		Array.from({ length: 12 }, (_, i) => connect(s, { forwardedFor: `198.51.100.${i + 1}` }))
	);
	const joins = clients.map((_, i) => joinMessage(rooms[i % 3]!));
	for (const [i, client] of clients.entries()) await client.join(joins[i]!);
	for (const [i, client] of clients.entries()) {
		client.send({ type: 'signal', to: joins[(i + 3) % 12]!.peerId, data: { candidate: null } });
	}
	const homes = await Promise.all(['Quiet Otter', 'Brave Fox'].map((name, i) => homePage(s, name, i)));
	await Promise.all(clients.map((c) => c.close()));
	for (const home of homes) home.close();
}

describe('what the server keeps after its clients leave', () => {
	it('counts clients, rooms and rate buckets while they are there', async () => {
		const s = await startServer({ trustProxy: true, idReservationMs: 60_000 });
		await churn(s);
		await eventually(() => s.stats().clients === 0);
		expect(s.retained()).toMatchObject({ clients: 0, members: 0, heartbeats: 0, reservations: 12 });
		expect(s.retained().rateBuckets).toBeGreaterThan(0);
	});

	it('forgets every client, room, reservation, rate bucket and nearby device once they lapse', async () => {
		const s = await startServer({
			trustProxy: true,
			idReservationMs: 200,
			joinRateLimit: { burst: 5, perSecond: 20 }
		});
		await churn(s);
		// Nobody comes back: only the server's own sweep can drop what lapsed.
		await eventually(() => total(s) === 0, 5000);
		const health = (await (await fetch(httpUrl(s, '/healthz'))).json()) as { retained: object };
		expect(Object.values(health.retained)).toEqual(Object.values(s.retained()));
	});
});
