import { describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import { MAX_PEERS_PER_ROOM, type RoomRef } from '#protocol/signaling-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';
import { expectRejected, useSignalingHarness } from '../../tests/support/signaling-harness';
import { eventually, joinMessage, privateRoom, randomId } from '../../tests/support/test-client';

const { startServer, connect, joined, joinedPair } = useSignalingHarness();

describe('signaling: joining and relaying', () => {
	it('tells a joiner who is there and the others who joined', async () => {
		const s = await startServer({
			iceServers: [{ urls: 'stun:stun.example.org' }],
			lanUrls: ['http://192.168.1.20:3000']
		});
		const room = privateRoom();
		const { client: a, join: joinA, peers } = await joined(s, room, { name: 'Alice' });
		expect(peers).toEqual({
			type: 'peers',
			self: joinA.peerId,
			peers: [],
			iceServers: [{ urls: 'stun:stun.example.org' }],
			lanUrls: ['http://192.168.1.20:3000']
		});

		const b = await connect(s);
		const joinB = joinMessage(room, { name: 'Bob' });
		const peersB = await b.join(joinB);
		expect(peersB.peers).toEqual([{ id: joinA.peerId, name: 'Alice' }]);
		expect(await a.next()).toEqual({
			type: 'peer-joined',
			peer: { id: joinB.peerId, name: 'Bob' }
		});
		expect(s.stats()).toEqual({ rooms: 1, clients: 2, peers: 2 });
	});

	it('relays signals verbatim and says who sent them', async () => {
		const { a, b, joinA, joinB } = await joinedPair(await startServer());

		const data = { sdp: { type: 'offer', sdp: 'v=0\r\n...' }, nested: [1, 'two', null] };
		a.send({ type: 'signal', to: joinB.peerId, data });
		expect(await b.next()).toEqual({ type: 'signal', from: joinA.peerId, data });
		b.send({ type: 'signal', to: joinA.peerId, data: 'candidate' });
		expect(await a.next()).toEqual({ type: 'signal', from: joinB.peerId, data: 'candidate' });
	});

	it('broadcasts renames and departures', async () => {
		const s = await startServer();
		const { a, b, joinA } = await joinedPair(s);

		a.send({ type: 'rename', name: 'Zoë' });
		expect(await b.next()).toEqual({ type: 'peer-renamed', id: joinA.peerId, name: 'Zoë' });

		await a.close();
		expect(await b.next()).toEqual({ type: 'peer-left', id: joinA.peerId });
		await eventually(() => s.stats().peers === 1);
	});

	it('keeps rooms apart', async () => {
		const s = await startServer();
		const a = await connect(s);
		const b = await connect(s);
		const joinA = joinMessage(privateRoom());
		const joinB = joinMessage(privateRoom());
		await a.join(joinA);
		expect((await b.join(joinB)).peers).toEqual([]);
		// A peer of another room is unknown, even with a valid id.
		b.send({ type: 'signal', to: joinA.peerId, data: 'x' });
		expect(await b.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
		expect(s.stats().rooms).toBe(2);
	});

	it('answers unknown-peer without closing, since peers leave all the time', async () => {
		const s = await startServer();
		const { client: a, join } = await joined(s, privateRoom());
		a.send({ type: 'signal', to: randomId(), data: {} });
		expect(await a.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
		a.send({ type: 'signal', to: join.peerId, data: {} });
		expect(await a.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
		a.send({ type: 'rename', name: 'Still here' });
		expect(a.ws.readyState).toBe(a.ws.OPEN);
	});

	it('creates and joins public rooms by code', async () => {
		const s = await startServer();
		const room: RoomRef = { kind: 'public', code: 'K7M2QX' };
		const { join: creator } = await joined(s, room, { create: true });

		// Creating a code in use joins it (members re-forming a room after a restart).
		const b = await connect(s);
		const second = joinMessage(room, { create: true });
		expect((await b.join(second)).peers).toEqual([{ id: creator.peerId, name: creator.name }]);

		const c = await connect(s);
		expect((await c.join(joinMessage(room))).peers.map((p) => p.id).sort()).toEqual(
			[creator.peerId, second.peerId].sort()
		);
	});

	it('lets a reconnecting tab take over its id without the others noticing', async () => {
		const s = await startServer();
		const { a, b, joinA, joinB } = await joinedPair(s, { nameA: 'Alice' });

		const a2 = await connect(s);
		const resumed = await a2.join({ ...joinA, name: 'Alice 2' });
		expect(resumed.peers).toEqual([{ id: joinB.peerId, name: joinB.name }]);
		expect(await a.closed).toEqual({ code: CloseCode.replaced, reason: 'replaced' });
		await eventually(() => s.stats().clients === 3 - 1);

		// B hears only of the new name: no peer-left, no peer-joined.
		expect(await b.next()).toEqual({ type: 'peer-renamed', id: joinA.peerId, name: 'Alice 2' });
		b.send({ type: 'signal', to: joinA.peerId, data: 'hello again' });
		expect(await a2.next()).toEqual({ type: 'signal', from: joinB.peerId, data: 'hello again' });
		a2.send({ type: 'rename', name: 'Alice 3' });
		expect(await b.next()).toMatchObject({ type: 'peer-renamed', name: 'Alice 3' });
		expect(b.received.map((m) => m.type)).toEqual(['peers', 'peer-renamed', 'peer-renamed']);
		expect(s.stats()).toEqual({ rooms: 1, clients: 2, peers: 2 });
	});

	it('refuses a known id with another token, and the socket may retry', async () => {
		const s = await startServer();
		const room = privateRoom();
		const { join: joinA } = await joined(s, room);
		const b = await connect(s);
		b.send({ ...joinA, resumeToken: randomId() });
		expect(await b.next()).toMatchObject({ type: 'error', code: 'id-taken' });
		expect((await b.join(joinMessage(room))).peers).toHaveLength(1);
	});
});

describe('signaling: rule breakers get a typed error, then a close code', () => {
	it('closes on malformed JSON without echoing it', async () => {
		const s = await startServer();
		const a = await connect(s);
		a.send('{"type":"join", oops <script>');
		const error = await a.next();
		expect(error).toEqual({ type: 'error', code: 'bad-message', message: expect.any(String) });
		expect(JSON.stringify(error)).not.toContain('script');
		expect((await a.closed).code).toBe(CloseCode.badMessage);
	});

	it.each([
		['an unknown type', '{"type":"hello"}'],
		['a bad shape', JSON.stringify({ type: 'join', room: { kind: 'private', id: 'short' } })],
		['an array', '[]'],
		['a bad name', JSON.stringify({ type: 'rename', name: '\u202Eevil' })]
	])('closes on %s', async (_label, frame) => {
		const s = await startServer();
		const a = await connect(s);
		a.send(frame);
		await expectRejected(a, 'bad-message', CloseCode.badMessage);
	});

	it('closes on binary frames', async () => {
		const s = await startServer();
		const a = await connect(s);
		a.ws.send(Buffer.from('{"type":"rename","name":"x"}'), { binary: true });
		await expectRejected(a, 'bad-message', CloseCode.badMessage);
	});

	it('closes on a signal or rename before join', async () => {
		const s = await startServer();
		const a = await connect(s);
		a.send({ type: 'signal', to: randomId(), data: {} });
		await expectRejected(a, 'not-joined', CloseCode.badMessage);
		const b = await connect(s);
		b.send({ type: 'rename', name: 'Bob' });
		await expectRejected(b, 'not-joined', CloseCode.badMessage);
	});

	it('closes on a second join', async () => {
		const s = await startServer();
		const a = await connect(s);
		await a.join(joinMessage(privateRoom()));
		a.send(joinMessage(privateRoom()));
		await expectRejected(a, 'already-joined', CloseCode.badMessage);
		await eventually(() => s.stats().rooms === 0);
	});

	it('closes a client that sends too fast', async () => {
		const s = await startServer({ rateLimit: { burst: 5, perSecond: 1 } });
		const a = await connect(s);
		await a.join(joinMessage(privateRoom()));
		for (let i = 0; i < 10; i++) a.send({ type: 'rename', name: `Name ${i}` });
		await expectRejected(a, 'rate-limited', CloseCode.rateLimited);
	});

	it(`refuses peer number ${MAX_PEERS_PER_ROOM + 1} of a room`, async () => {
		const s = await startServer();
		const room = privateRoom();
		for (let i = 0; i < MAX_PEERS_PER_ROOM; i++) {
			const client = await connect(s);
			await client.join(joinMessage(room));
		}
		const late = await connect(s);
		late.send(joinMessage(room));
		await expectRejected(late, 'room-full', CloseCode.roomFull);
		expect(s.stats().peers).toBe(MAX_PEERS_PER_ROOM);
	});

	it.each([
		['a page from before versions (none named)', undefined],
		['an older page', PROTOCOL_VERSION - 1],
		['a newer page', PROTOCOL_VERSION + 1]
	])('refuses a join from %s, before anything about the room', async (_, v) => {
		const s = await startServer();
		const room = privateRoom();
		const { client: a } = await joined(s, room, { name: 'Alice' });
		const stale = await connect(s);
		stale.send({ ...joinMessage(room, { name: 'Stale' }), v: v as number });
		await expectRejected(stale, 'other-version', CloseCode.forbidden);
		expect(stale.received).toHaveLength(1);
		expect(s.stats().peers).toBe(1);
		// The member never heard of it; a page of this version still joins.
		const b = await connect(s);
		expect((await b.join(joinMessage(room, { name: 'Bob' }))).peers).toHaveLength(1);
		expect(await a.next()).toMatchObject({ type: 'peer-joined', peer: { name: 'Bob' } });
		expect(a.received).toHaveLength(2);
	});

	it('refuses a public code nobody created', async () => {
		const s = await startServer();
		const a = await connect(s);
		a.send(joinMessage({ kind: 'public', code: 'ZZZZZZ' }));
		await expectRejected(a, 'no-such-room', CloseCode.noSuchRoom);
		expect(s.stats().rooms).toBe(0);
	});

	it('refuses new rooms beyond maxRooms', async () => {
		const s = await startServer({ maxRooms: 1 });
		const a = await connect(s);
		await a.join(joinMessage(privateRoom()));
		const b = await connect(s);
		b.send(joinMessage(privateRoom()));
		await expectRejected(b, 'too-many-rooms', CloseCode.overCapacity);
	});

	it('refuses connections beyond maxConnectionsPerIp', async () => {
		const s = await startServer({ maxConnectionsPerIp: 2 });
		await connect(s);
		const second = await connect(s);
		const third = await connect(s);
		await expectRejected(third, 'too-many-connections', CloseCode.overCapacity);
		await second.close();
		await eventually(() => s.stats().clients === 1);
		const again = await connect(s);
		await again.join(joinMessage(privateRoom()));
	});
});

describe('signaling: logging', () => {
	it('never logs room ids, names, tokens or payloads', async () => {
		const lines: string[] = [];
		const s = await startServer({
			logger: (event, fields) => lines.push(`${event} ${JSON.stringify(fields)}`)
		});
		const room = privateRoom();
		const a = await connect(s);
		const b = await connect(s);
		const joinA = joinMessage(room, { name: 'Secretname' });
		const joinB = joinMessage(room);
		await a.join(joinA);
		await b.join(joinB);
		a.send({ type: 'signal', to: joinB.peerId, data: 'SDP-SECRET' });
		await b.expect('signal');
		a.send({ type: 'rename', name: 'Othersecret' });
		await b.expect('peer-renamed');
		await a.close();
		await b.expect('peer-left');
		const log = lines.join('\n');
		expect(log).toContain(joinA.peerId);
		for (const secret of [
			room.kind === 'private' ? room.id : '',
			'Secretname',
			'Othersecret',
			'SDP-SECRET',
			joinA.resumeToken
		]) {
			expect(log).not.toContain(secret);
		}
	});
});
