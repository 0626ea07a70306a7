import { describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import type { RoomRef } from '#protocol/signaling-messages';
import { expectRejected, useSignalingHarness } from '../../tests/support/signaling-harness';
import { eventually, joinMessage, privateRoom, rawUpgrade } from '../../tests/support/test-client';
import { httpUrl, type TestServer } from '../../tests/support/test-server';

const harness = useSignalingHarness();
const { startServer, joinedPair } = harness;

/** A client; `forwardedFor` is sent as X-Forwarded-For, which counts only with `trustProxy`. */
const connect = (s: TestServer, forwardedFor?: string) => harness.connect(s, { forwardedFor });

const ALICE = '203.0.113.1';
const BOB = '203.0.113.2';
const CAROL = '203.0.113.3';

describe('per-address join limit', () => {
	it('refuses joins past the burst with rate-limited and 4429, for that address only', async () => {
		const s = await startServer({ trustProxy: true, joinRateLimit: { burst: 3, perSecond: 0.001 } });
		for (let i = 0; i < 3; i++) await (await connect(s, ALICE)).join(joinMessage(privateRoom()));
		const late = await connect(s, ALICE);
		late.send(joinMessage(privateRoom()));
		await expectRejected(late, 'rate-limited', CloseCode.rateLimited);
		await (await connect(s, BOB)).join(joinMessage(privateRoom()));
		expect(s.stats().rooms).toBe(4);
	});

	it('counts failed joins too', async () => {
		const s = await startServer({ joinRateLimit: { burst: 2, perSecond: 0.001 } });
		for (let i = 0; i < 2; i++) {
			const client = await connect(s);
			client.send(joinMessage({ kind: 'public', code: 'ZZZZZZ' }));
			await expectRejected(client, 'no-such-room', CloseCode.noSuchRoom);
		}
		const late = await connect(s);
		late.send(joinMessage(privateRoom()));
		await expectRejected(late, 'rate-limited', CloseCode.rateLimited);
	});

	it('has a default a person never meets, and null turns it off', async () => {
		const s = await startServer({ joinRateLimit: null, publicGuessRateLimit: null });
		for (let i = 0; i < 40; i++) await (await connect(s)).join(joinMessage(privateRoom()));
		expect(s.stats().rooms).toBe(40);
	});
});

describe('public-code guesses', () => {
	const LIVE: RoomRef = { kind: 'public', code: 'K7M2QX' };
	const ALSO_LIVE: RoomRef = { kind: 'public', code: 'H3J4K5' };

	async function guessServer(): Promise<TestServer> {
		const s = await startServer({ trustProxy: true, publicGuessRateLimit: { burst: 3, perSecond: 0.001 } });
		// Creating rooms is no guess: the creator can make more than the guess burst.
		await (await connect(s, ALICE)).join(joinMessage(LIVE, { create: true }));
		await (await connect(s, ALICE)).join(joinMessage(ALSO_LIVE, { create: true }));
		for (const code of ['AAAAA2', 'AAAAA3', 'AAAAA4']) {
			await (await connect(s, ALICE)).join(joinMessage({ kind: 'public', code }, { create: true }));
		}
		return s;
	}

	it('counts every tried code, live or not, then refuses even creating', async () => {
		const s = await guessServer();
		expect((await (await connect(s, BOB)).join(joinMessage(LIVE))).peers).toHaveLength(1);
		const missing = await connect(s, BOB);
		missing.send(joinMessage({ kind: 'public', code: 'ZZZZZ2' }));
		await expectRejected(missing, 'no-such-room', CloseCode.noSuchRoom);
		// `create` on a live code joins it, so it is a guess as well.
		expect((await (await connect(s, BOB)).join(joinMessage(ALSO_LIVE, { create: true }))).peers).toHaveLength(
			1
		);

		const roomsBefore = s.stats().rooms;
		for (const [room, create] of [
			[LIVE, false],
			[{ kind: 'public', code: 'NEWCDE' }, true],
			[{ kind: 'public', code: 'BBBBB2' }, true]
		] as const) {
			const late = await connect(s, BOB);
			late.send(joinMessage(room, { create }));
			// The same answer for a live and a new code: refusing only guesses would tell them apart.
			await expectRejected(late, 'rate-limited', CloseCode.rateLimited);
		}
		expect(s.stats().rooms).toBe(roomsBefore);

		// Others are not affected, and private rooms are no guesses.
		await (await connect(s, CAROL)).join(joinMessage(LIVE));
		await (await connect(s, BOB)).join(joinMessage(privateRoom()));
	});

	it('lets a member resume its own place in a public room without spending a guess', async () => {
		const s = await guessServer();
		const first = await connect(s, BOB);
		const join = joinMessage(LIVE);
		await first.join(join);
		for (let i = 0; i < 2; i++) {
			const miss = await connect(s, BOB);
			miss.send(joinMessage({ kind: 'public', code: 'ZZZZZ2' }));
			await expectRejected(miss, 'no-such-room', CloseCode.noSuchRoom);
		}
		for (let i = 0; i < 3; i++) {
			const again = await connect(s, BOB);
			expect((await again.join(join)).self).toBe(join.peerId);
		}
		// The same id with a wrong token is a guess, and none are left.
		const impostor = await connect(s, BOB);
		impostor.send({ ...join, resumeToken: 'x'.repeat(22) });
		await expectRejected(impostor, 'rate-limited', CloseCode.rateLimited);
	});
});

describe('connection caps', () => {
	it('caps sockets per address, and a spoofed X-Forwarded-For does not help without trustProxy', async () => {
		const s = await startServer({ maxConnectionsPerIp: 2 });
		await connect(s, ALICE);
		await connect(s, BOB);
		const third = await connect(s, CAROL);
		await expectRejected(third, 'too-many-connections', CloseCode.overCapacity);
		await eventually(() => s.stats().clients === 2);
	});

	it('with trustProxy, counts the right-most X-Forwarded-For entry only', async () => {
		const s = await startServer({ maxConnectionsPerIp: 1, trustProxy: true });
		const alice = await connect(s, ALICE);
		// A client cannot get a new address by prepending to the header: the proxy appends.
		const spoofer = await connect(s, `${BOB}, ${ALICE}`);
		await expectRejected(spoofer, 'too-many-connections', CloseCode.overCapacity);
		await (await connect(s, `${ALICE}, ${BOB}`)).join(joinMessage(privateRoom()));
		// Without the header, the socket's own address counts.
		await (await connect(s)).join(joinMessage(privateRoom()));
		await alice.join(joinMessage(privateRoom()));
	});

	it('groups IPv6 clients by /64', async () => {
		const s = await startServer({ maxConnectionsPerIp: 1, trustProxy: true });
		await connect(s, '2001:db8::1');
		const neighbour = await connect(s, '2001:db8::2');
		await expectRejected(neighbour, 'too-many-connections', CloseCode.overCapacity);
		await (await connect(s, '2001:db8:0:1::1')).join(joinMessage(privateRoom()));
	});

	it('refuses upgrades once refused sockets pile up, until they are cut off', async () => {
		const s = await startServer({ maxConnectionsPerIp: 1 });
		const first = await connect(s);
		// Raw sockets never answer the server's close, so they linger past the cap.
		for (let i = 0; i < 10; i++) {
			const raw = harness.trackRaw(await rawUpgrade(s));
			expect(raw.status).toBe(101);
		}
		const refused = await rawUpgrade(s);
		expect(refused.status).toBe(429);
		expect(refused.headers['content-security-policy']).toContain("default-src 'self'");
		// The server stops waiting for their closing handshake after a grace period.
		await eventually(() => s.stats().clients === 1, 5000);
		await first.close();
		await (await connect(s)).join(joinMessage(privateRoom()));
	});
});

describe('room cap', () => {
	it('counts private and public rooms and frees a slot once an emptied room holds no reservation', async () => {
		const s = await startServer({ maxRooms: 2, idReservationMs: 100 });
		const a = await connect(s);
		await a.join(joinMessage(privateRoom()));
		await (await connect(s)).join(joinMessage({ kind: 'public', code: 'K7M2QX' }, { create: true }));
		// Joining a live room needs no new slot.
		await (await connect(s)).join(joinMessage({ kind: 'public', code: 'K7M2QX' }));
		for (const room of [privateRoom(), { kind: 'public', code: 'H3J4K5' } as const]) {
			const over = await connect(s);
			over.send(joinMessage(room, { create: true }));
			await expectRejected(over, 'too-many-rooms', CloseCode.overCapacity);
		}
		expect(s.stats().rooms).toBe(2);
		await a.close();
		await eventually(() => s.stats().rooms === 1);
		// The emptied room keeps its slot while it holds the departed member's id.
		const early = await connect(s);
		early.send(joinMessage(privateRoom()));
		await expectRejected(early, 'too-many-rooms', CloseCode.overCapacity);
		await new Promise((resolve) => setTimeout(resolve, 150));
		await (await connect(s)).join(joinMessage(privateRoom()));
	});
});

describe('signal payloads', () => {
	function nested(depth: number): unknown {
		let value: unknown = 'leaf';
		for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { v: value };
		return value;
	}

	it('relays ordinary nesting and refuses JSON too deep to serialize safely', async () => {
		const s = await startServer();
		const room = privateRoom();
		const { a, b, joinA, joinB } = await joinedPair(s, { room });

		b.send({ type: 'signal', to: joinA.peerId, data: nested(20) });
		expect(await a.next()).toEqual({ type: 'signal', from: joinB.peerId, data: nested(20) });

		// 30,000 levels parse fine, but JSON.stringify would overflow the stack relaying them.
		a.send(`{"type":"signal","to":"${joinB.peerId}","data":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
		expect(await a.next()).toMatchObject({ type: 'error', code: 'bad-message' });
		expect((await a.closed).code).toBe(CloseCode.badMessage);
		await b.expect('peer-left');
		const c = await connect(s);
		c.send(joinMessage(room));
		await c.expect('peers');
		await b.expect('peer-joined');
		c.send({ type: 'signal', to: joinB.peerId, data: nested(40) });
		await expectRejected(c, 'bad-message', CloseCode.badMessage);
		await b.expect('peer-left');
		// Nothing too deep ever reached B.
		expect(b.received.map((m) => m.type)).toEqual(['peers', 'peer-left', 'peer-joined', 'peer-left']);
		expect((await fetch(httpUrl(s, '/healthz'))).status).toBe(200);
	});
});

describe('internal errors', () => {
	it('close only the client whose message hit them, with 1011, and are logged without details', async () => {
		const events: string[] = [];
		let fail = false;
		const s = await startServer({
			lanUrls: () => {
				if (fail) throw new Error('lan lookup broke');
				return [];
			},
			logger: (event, fields) => events.push(`${event} ${JSON.stringify(fields)}`)
		});
		const room = privateRoom();
		const a = await connect(s);
		await a.join(joinMessage(room));
		fail = true;
		const b = await connect(s);
		b.send(joinMessage(room));
		expect((await b.closed).code).toBe(1011);
		fail = false;
		await eventually(() => s.stats().peers === 1);
		const c = await connect(s);
		await c.join(joinMessage(room));
		expect(events.some((e) => e.startsWith('conn.internal-error') && e.includes('"error":"Error"'))).toBe(
			true
		);
		expect(events.join('\n')).not.toContain('lan lookup broke');
	});
});
