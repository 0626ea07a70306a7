import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import { MAX_PEERS_PER_ROOM, type RoomRef } from '#protocol/signaling-messages';
import {
	TEST_REDIS_KEY_SECRET,
	freePort,
	startAppProcess,
	startRedis,
	type TestDaemon
} from '../../../tests/support/daemons';
import { expectRejected, useSignalingHarness } from '../../../tests/support/signaling-harness';
import {
	TestClient,
	eventually,
	joinMessage,
	privateRoom,
	randomId
} from '../../../tests/support/test-client';
import { roomKey } from '../membership';
import { roomTagOf } from './redis-room-store';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../tests/support/test-server';
import type { Tuple } from '../../../tests/support/tuple';

// No skip when redis-server is missing: startRedis fails with how to install it.
let redis: TestDaemon & { url: string };
let inspector: Redis;
const harness = useSignalingHarness();

beforeAll(async () => {
	redis = await startRedis();
	inspector = new Redis(redis.url);
});

afterAll(async () => {
	await inspector?.quit();
	await redis?.stop();
});

const PRESENCE_TTL_MS = 1000;

/** A fresh key prefix: each test's keys apart from every other's. */
const freshPrefix = (): string => `test-${randomId().slice(0, 10)}`;

/** `count` signaling processes (in this one) sharing the test Redis under `prefix`. */
async function cluster<N extends number>(
	count: N,
	{ prefix = freshPrefix(), ...options }: TestServerOptions & { prefix?: string } = {}
): Promise<Tuple<TestServer, N>> {
	const servers: TestServer[] = [];
	for (let i = 0; i < count; i++) {
		servers.push(
			await harness.startServer({
				redis: {
					url: redis.url,
					prefix,
					presenceTtlMs: PRESENCE_TTL_MS,
					renewEveryMs: 200,
					keySecret: TEST_REDIS_KEY_SECRET
				},
				...options
			})
		);
	}
	return servers as Tuple<TestServer, N>;
}

/** The Redis hash of a room's members: named by the room's keyed tag, never its id. */
const roomHash = (prefix: string, room: RoomRef): string =>
	`${prefix}:room:${roomTagOf(TEST_REDIS_KEY_SECRET, roomKey(room))}`;

/** A client; `forwardedFor` is sent as X-Forwarded-For, which counts only with `trustProxy`. */
const connect = (s: TestServer, forwardedFor?: string) => harness.connect(s, { forwardedFor });

type StoredValue = { type: 'hash'; fields: Record<string, string> } | { type: string; text: string | null };

/** Every key under `prefix` with its value, for checks on what Redis holds. */
async function dump(prefix: string): Promise<Map<string, StoredValue>> {
	const out = new Map<string, StoredValue>();
	for (const key of await inspector.keys(`${prefix}:*`)) {
		const type = await inspector.type(key);
		out.set(
			key,
			type === 'hash'
				? { type, fields: await inspector.hgetall(key) }
				: { type, text: await inspector.get(key) }
		);
	}
	return out;
}

describe('signaling across processes through Redis', () => {
	it('lets peers on different processes meet, signal both ways, rename and leave', async () => {
		const [one, two] = await cluster(2);
		const room = privateRoom();
		const { client: a, join: joinA, peers: toA } = await harness.joined(one, room, { name: 'Alice' });
		expect(toA.peers).toEqual([]);
		const { client: b, join: joinB, peers: toB } = await harness.joined(two, room, { name: 'Bob' });
		expect(toB.peers).toEqual([{ id: joinA.peerId, name: 'Alice' }]);
		expect(await a.next()).toEqual({ type: 'peer-joined', peer: { id: joinB.peerId, name: 'Bob' } });

		const offer = { sdp: { type: 'offer', sdp: 'v=0 test' }, mac: 'abc' };
		a.send({ type: 'signal', to: joinB.peerId, data: offer });
		expect(await b.next()).toEqual({ type: 'signal', from: joinA.peerId, data: offer });
		b.send({ type: 'signal', to: joinA.peerId, data: { candidate: null } });
		expect(await a.next()).toEqual({ type: 'signal', from: joinB.peerId, data: { candidate: null } });

		b.send({ type: 'rename', name: 'Bobby' });
		expect(await a.next()).toEqual({ type: 'peer-renamed', id: joinB.peerId, name: 'Bobby' });

		const c = await connect(one);
		const joinC = joinMessage(room, { name: 'Carol' });
		expect((await c.join(joinC)).peers).toEqual([
			{ id: joinA.peerId, name: 'Alice' },
			{ id: joinB.peerId, name: 'Bobby' }
		]);
		expect(await a.next()).toMatchObject({ type: 'peer-joined', peer: { id: joinC.peerId } });
		expect(await b.next()).toMatchObject({ type: 'peer-joined', peer: { id: joinC.peerId } });
		expect(one.stats()).toEqual({ rooms: 1, clients: 2, peers: 2 });
		expect(two.stats()).toEqual({ rooms: 1, clients: 1, peers: 1 });

		await b.close();
		expect(await a.next()).toEqual({ type: 'peer-left', id: joinB.peerId });
		expect(await c.next()).toEqual({ type: 'peer-left', id: joinB.peerId });
		a.send({ type: 'signal', to: joinB.peerId, data: offer });
		expect(await a.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
		await eventually(() => two.stats().peers === 0);
		// Nothing else reached anyone: no duplicate or stray events.
		expect(a.received).toHaveLength(7);
		expect(c.received).toHaveLength(2);
	});

	it('lets a tab resume its place from another process, and refuses its id to others', async () => {
		const [one, two] = await cluster(2);
		const room = privateRoom();
		const { client: a, join: joinA } = await harness.joined(one, room, { name: 'Alice' });
		const { client: x, join: joinX } = await harness.joined(two, room, { name: 'Xavier' });

		const resumed = await connect(two);
		const peers = await resumed.join({ ...joinA, name: 'Alice Two' });
		expect(peers.peers).toEqual([{ id: joinX.peerId, name: 'Xavier' }]);
		expect((await a.closed).code).toBe(CloseCode.replaced);
		// The others keep the same id, so they hear of nothing but the changed name.
		expect(await x.next()).toEqual({ type: 'peer-renamed', id: joinA.peerId, name: 'Alice Two' });
		await eventually(() => one.stats().peers === 0);

		const impostor = await connect(one);
		impostor.send({ ...joinA, resumeToken: randomId() });
		expect(await impostor.next()).toMatchObject({ type: 'error', code: 'id-taken' });

		// The replaced socket's close did not take the resumed member out.
		x.send({ type: 'signal', to: joinA.peerId, data: 'hello' });
		expect(await resumed.next()).toEqual({ type: 'signal', from: joinX.peerId, data: 'hello' });
	});

	// A small limit, and the default one (20), with the members alternating between processes.
	for (const size of [3, MAX_PEERS_PER_ROOM]) {
		it(`refuses peer ${size + 1} of a room whose ${size} are spread across two processes`, async () => {
			const [one, two] = await cluster(2, size === MAX_PEERS_PER_ROOM ? {} : { maxPeersPerRoom: size });
			const room = privateRoom();
			for (let i = 0; i < size; i++) {
				await (await connect(i % 2 === 0 ? one : two)).join(joinMessage(room));
			}
			for (const server of [two, one]) {
				const late = await connect(server);
				late.send(joinMessage(room));
				await expectRejected(late, 'room-full', CloseCode.roomFull);
			}
		});
	}

	it('joins a public code created on another process, and refuses a code nobody created', async () => {
		const [one, two] = await cluster(2);
		const code: RoomRef = { kind: 'public', code: 'H7K2MQ' };
		const { join: joinA } = await harness.joined(one, code, { create: true });
		const b = await connect(two);
		expect((await b.join(joinMessage(code))).peers).toEqual([{ id: joinA.peerId, name: joinA.name }]);
		const guess = await connect(two);
		guess.send(joinMessage({ kind: 'public', code: 'ZZZZZZ' }));
		await expectRejected(guess, 'no-such-room', CloseCode.noSuchRoom);
	});

	it('counts public-code guesses from every address against one budget across processes', async () => {
		const [one, two] = await cluster(2, {
			trustProxy: true,
			publicGuessRateLimit: null,
			globalGuessRateLimit: { burst: 2, perSecond: 0.001 }
		});
		const first = await connect(one, '203.0.113.1');
		first.send(joinMessage({ kind: 'public', code: 'ZZZZZZ' }));
		await expectRejected(first, 'no-such-room', CloseCode.noSuchRoom);
		const second = await connect(two, '198.51.100.7');
		second.send(joinMessage({ kind: 'public', code: 'YYYYYY' }));
		await expectRejected(second, 'no-such-room', CloseCode.noSuchRoom);
		const third = await connect(one, '192.0.2.55');
		third.send(joinMessage({ kind: 'public', code: 'XXXXXX' }));
		await expectRejected(third, 'rate-limited', CloseCode.rateLimited);
	});

	it('counts joins and public-code guesses per address across processes', async () => {
		const limits: string[] = [];
		const [one, two] = await cluster(2, {
			trustProxy: true,
			joinRateLimit: { burst: 5, perSecond: 0.001 },
			publicGuessRateLimit: { burst: 2, perSecond: 0.001 },
			logger: (event, fields) => {
				if (event === 'reject' && fields.limit !== undefined) limits.push(String(fields.limit));
			}
		});
		const alice = '203.0.113.1';
		await (await connect(one, alice)).join(joinMessage(privateRoom()));
		await (await connect(two, alice)).join(joinMessage(privateRoom()));

		const firstGuess = await connect(one, alice);
		firstGuess.send(joinMessage({ kind: 'public', code: 'ZZZZZZ' }));
		await expectRejected(firstGuess, 'no-such-room', CloseCode.noSuchRoom);
		const secondGuess = await connect(two, alice);
		secondGuess.send(joinMessage({ kind: 'public', code: 'YYYYYY' }));
		await expectRejected(secondGuess, 'no-such-room', CloseCode.noSuchRoom);
		// The guess budget is spent, on both processes, even though joins are left.
		const thirdGuess = await connect(one, alice);
		thirdGuess.send(joinMessage({ kind: 'public', code: 'XXXXXX' }));
		await expectRejected(thirdGuess, 'rate-limited', CloseCode.rateLimited);
		expect(limits).toEqual(['guesses']);
		// Five joins were taken (refused ones count too): the next one is refused on either process.
		const late = await connect(two, alice);
		late.send(joinMessage(privateRoom()));
		await expectRejected(late, 'rate-limited', CloseCode.rateLimited);
		expect(limits).toEqual(['guesses', 'joins']);
		await (await connect(two, '203.0.113.2')).join(joinMessage(privateRoom()));
	});

	it('announces the peers of a process that was killed as left, within the presence TTL', async () => {
		const prefix = freshPrefix();
		const [one] = await cluster(1, { prefix });
		const child = await startChildProcess(prefix);
		try {
			const room = privateRoom();
			const doomed = harness.track(new TestClient(`ws://127.0.0.1:${child.port}/ws`));
			await doomed.opened;
			const joinDoomed = joinMessage(room, { name: 'Doomed' });
			await doomed.join(joinDoomed);
			const a = await connect(one);
			expect((await a.join(joinMessage(room))).peers).toEqual([{ id: joinDoomed.peerId, name: 'Doomed' }]);

			const killedAt = Date.now();
			child.process.kill('SIGKILL');
			await child.exited;
			expect(await a.next(PRESENCE_TTL_MS + 2000)).toEqual({ type: 'peer-left', id: joinDoomed.peerId });
			expect(Date.now() - killedAt).toBeLessThan(PRESENCE_TTL_MS + 1000);
			const members = await inspector.hkeys(roomHash(prefix, room));
			expect(members).toHaveLength(1);
			expect(members).not.toContain(joinDoomed.peerId);
		} finally {
			child.process.kill('SIGKILL');
		}
	});

	it('makes the clients of a process taken for dead rejoin, and announces them as left once', async () => {
		const prefix = freshPrefix();
		const [one, two] = await cluster(2, { prefix });
		const room = privateRoom();
		const a = await connect(one);
		const b = await connect(two);
		await a.join(joinMessage(room));
		const joinB = joinMessage(room);
		await b.join(joinB);
		expect(await a.next()).toMatchObject({ type: 'peer-joined' });

		// As if process two had stalled past its TTL: its presence key is gone.
		const entry: unknown = JSON.parse((await inspector.hget(roomHash(prefix, room), joinB.peerId)) ?? '');
		const node = typeof entry === 'object' && entry !== null && 'node' in entry ? String(entry.node) : '';
		expect(await inspector.del(`${prefix}:node:${node}`)).toBe(1);

		expect(await a.next(PRESENCE_TTL_MS)).toEqual({ type: 'peer-left', id: joinB.peerId });
		expect((await b.closed).code).toBe(CloseCode.goingAway);
		a.send({ type: 'signal', to: joinB.peerId, data: 'anyone there?' });
		expect(await a.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
		expect(await inspector.exists(`${prefix}:node:${node}`)).toBe(1);

		// The tab comes back and takes its place again.
		const back = await connect(two);
		expect((await back.join(joinB)).peers).toHaveLength(1);
		expect(await a.next()).toMatchObject({ type: 'peer-joined', peer: { id: joinB.peerId } });
	});

	it('makes its clients rejoin when its subscription to Redis broke, as events may be lost', async () => {
		const [one] = await cluster(1);
		const a = await connect(one);
		await a.join(joinMessage(privateRoom()));
		await inspector.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
		expect((await a.closed).code).toBe(CloseCode.goingAway);
		await eventually(() => one.stats().peers === 0);
		const again = await connect(one);
		await again.join(joinMessage(privateRoom()));
	});

	it('keeps nothing in Redis but ids, names, token hashes and membership', async () => {
		const prefix = freshPrefix();
		const [one, two] = await cluster(2, { prefix });
		const marker = `MARKER${randomId()}`;
		const room = privateRoom();
		const a = await connect(one);
		const b = await connect(two);
		const joinA = joinMessage(room, { name: 'Alice' });
		const joinB = joinMessage(room, { name: 'Bob' });
		await a.join(joinA);
		await b.join(joinB);
		for (let i = 0; i < 5; i++) {
			a.send({ type: 'signal', to: joinB.peerId, data: { sdp: `${marker} offer ${i}` } });
			expect(await b.next()).toMatchObject({ type: 'signal' });
		}

		const keys = await dump(prefix);
		const text = JSON.stringify([...keys]);
		expect(text).not.toContain(marker);
		expect(text).not.toContain(joinA.resumeToken);
		for (const [key, stored] of keys) {
			const fields = 'fields' in stored ? stored.fields : {};
			if (key === roomHash(prefix, room)) {
				expect(stored.type).toBe('hash');
				const entries = Object.entries(fields);
				expect(entries.map(([peer]) => peer).sort()).toEqual([joinA.peerId, joinB.peerId].sort());
				for (const [, json] of entries) {
					const entry: unknown = JSON.parse(json);
					expect(entry).toEqual({
						node: expect.stringMatching(/^[\w-]{12}$/),
						session: expect.stringMatching(/^[\w-]{16}$/),
						name: expect.stringMatching(/^(Alice|Bob)$/),
						fold: expect.stringMatching(/^(allce|bob)$/),
						token: expect.stringMatching(/^[0-9a-f]{64}$/),
						at: expect.stringMatching(/^\d{16}$/)
					});
				}
			} else if (key.startsWith(`${prefix}:node:`)) {
				expect(stored).toEqual({ type: 'string', text: '1' });
			} else {
				expect(key).toMatch(new RegExp(`^${prefix}:limit:join:[\\w-]{22}$`));
				expect(Object.keys(fields).sort()).toEqual(['tokens', 'ts']);
			}
			expect(await inspector.pttl(key)).toBeGreaterThan(0);
		}
		expect([...keys.keys()].filter((k) => k.includes(':node:'))).toHaveLength(2);

		// Closing both processes takes every member and presence key with it; the departed ids
		// stay reserved, under the room's tag, until the reservation runs out.
		await Promise.all([one, two].map((s) => s.close()));
		const left = [...(await dump(prefix)).keys()];
		const gone = roomHash(prefix, room).replace(':room:', ':gone:');
		expect(left.filter((k) => !k.includes(':limit:'))).toEqual([gone]);
		expect(await inspector.pttl(gone)).toBeLessThanOrEqual(30_000);
	});

	it('refuses to start when Redis is not reachable', async () => {
		const port = await freePort('tcp');
		const attempt = startTestServer({
			redis: { url: `redis://127.0.0.1:${port}`, keySecret: TEST_REDIS_KEY_SECRET }
		});
		await expect(attempt).rejects.toThrow(/Redis is not reachable at REDIS_URL \(ECONNREFUSED\)/);
	});
});

/** `main.ts` on a free port in a child process of its own, so that a test can SIGKILL it. */
function startChildProcess(prefix: string) {
	return startAppProcess({
		redisUrl: redis.url,
		prefix,
		presenceTtlSeconds: PRESENCE_TTL_MS / 1000,
		staticDir: '/nonexistent-vanishdrop-build'
	});
}

describe('outsiders, reserved ids and unique names through Redis', () => {
	it('refuses a private join without the proof on any process; the members never hear of it', async () => {
		const [one, two] = await cluster(2);
		const room = privateRoom();
		const a = await connect(one);
		await a.join(joinMessage(room));
		const mallory = await connect(two);
		mallory.send(joinMessage(room, { proof: null }));
		await expectRejected(mallory, 'bad-proof', CloseCode.forbidden);
		const b = await connect(two);
		expect((await b.join(joinMessage(room))).peers).toHaveLength(1);
		expect(await a.next()).toMatchObject({ type: 'peer-joined' });
		// Its own peers, then Bob: nothing about Mallory.
		expect(a.received.map((m) => m.type)).toEqual(['peers', 'peer-joined']);
	});

	it("reserves a departed member's id for its token across processes, then frees it", async () => {
		const [one, two] = await cluster(2, { idReservationMs: 600 });
		const room: RoomRef = { kind: 'public', code: 'M4RKQ7' };
		const a = await connect(one);
		await a.join(joinMessage(room, { create: true }));
		const { client: b, join: joinB } = await harness.joined(two, room);
		await a.expect('peer-joined');
		b.ws.terminate();
		expect(await a.next()).toEqual({ type: 'peer-left', id: joinB.peerId });

		const mallory = await connect(one);
		mallory.send(joinMessage(room, { peerId: joinB.peerId }));
		expect(await mallory.next()).toMatchObject({ type: 'error', code: 'id-taken' });
		const back = await connect(one);
		expect((await back.join(joinB)).peers).toHaveLength(1);
		expect(await a.next()).toMatchObject({ type: 'peer-joined', peer: { id: joinB.peerId } });

		await back.close();
		await a.expect('peer-left');
		await new Promise((resolve) => setTimeout(resolve, 800));
		const later = await connect(two);
		expect((await later.join(joinMessage(room, { peerId: joinB.peerId }))).self).toBe(joinB.peerId);
	});

	it('keeps the reservations of an emptied room', async () => {
		const [one, two] = await cluster(2);
		const room = privateRoom();
		const { client: a, join: joinA } = await harness.joined(one, room);
		await a.close();
		await eventually(() => one.stats().peers === 0);
		const mallory = await connect(two);
		mallory.send(joinMessage(room, { peerId: joinA.peerId }));
		expect(await mallory.next()).toMatchObject({ type: 'error', code: 'id-taken' });
		expect((await (await connect(two)).join(joinA)).peers).toEqual([]);
	});

	it('refuses a join or rename whose name looks like another member’s, across processes', async () => {
		const [one, two] = await cluster(2);
		const room = privateRoom();
		const a = await connect(one);
		await a.join(joinMessage(room, { name: 'Alice' }));
		const b = await connect(two);
		b.send(joinMessage(room, { name: 'ALICE' }));
		expect(await b.next()).toMatchObject({ type: 'error', code: 'name-taken' });
		// The socket stays open: the same client joins under another name.
		await b.join(joinMessage(room, { name: 'Bob' }));
		await a.expect('peer-joined');
		b.send({ type: 'rename', name: 'Аlice' });
		expect(await b.next()).toMatchObject({ type: 'error', code: 'name-taken' });
		b.send({ type: 'rename', name: 'Bobby' });
		expect(await a.next()).toEqual({ type: 'peer-renamed', id: expect.any(String), name: 'Bobby' });
		expect(a.received.filter((m) => m.type === 'peer-renamed')).toHaveLength(1);
	});
});
