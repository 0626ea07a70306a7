import { describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import { MAX_PEERS_PER_ROOM, type RoomRef } from '#protocol/signaling-messages';
import { expectRejected, useSignalingHarness } from '../../tests/support/signaling-harness';
import { joinMessage, privateRoom, randomId } from '../../tests/support/test-client';
import { randomBytes } from 'node:crypto';

const { startServer, connect, joined } = useSignalingHarness();

const turn = { urls: ['turn:127.0.0.1:3478'], secret: 'test-secret', ttlSeconds: 600 };

/** What an outsider who knows only the room id can send: no proof, or one of its own. */
const outsiderProofs: [string, string | null][] = [
	['no proof', null],
	['a proof of another room', randomBytes(32).toString('base64url')]
];

describe('an outsider who knows only a private room id', () => {
	it.each(outsiderProofs)(
		'with %s gets no member list, no TURN credential and no membership',
		async (_, proof) => {
			const s = await startServer({ turn });
			const room = privateRoom();
			const { client: a, join: joinA } = await joined(s, room, { name: 'Alice' });

			const mallory = await connect(s);
			mallory.send(joinMessage(room, { name: 'Mallory', proof }));
			await expectRejected(mallory, 'bad-proof', CloseCode.forbidden);
			expect(mallory.received).toHaveLength(1);
			expect(JSON.stringify(mallory.received)).not.toContain(joinA.peerId);

			// The member never heard of it; a real member still meets only the member.
			const b = await connect(s);
			expect((await b.join(joinMessage(room, { name: 'Bob' }))).peers).toEqual([
				{ id: joinA.peerId, name: 'Alice' }
			]);
			expect(await a.next()).toMatchObject({ type: 'peer-joined', peer: { name: 'Bob' } });
			expect(a.received).toHaveLength(2);
			expect(s.stats().peers).toBe(2);
		}
	);

	it('cannot fill the room: the next real member still gets in', async () => {
		const s = await startServer({ joinRateLimit: null });
		const room = privateRoom();
		const a = await connect(s);
		await a.join(joinMessage(room));
		for (let i = 0; i < MAX_PEERS_PER_ROOM; i++) {
			const mallory = await connect(s);
			mallory.send(joinMessage(room, { proof: null }));
			await expectRejected(mallory, 'bad-proof', CloseCode.forbidden);
		}
		const b = await connect(s);
		expect((await b.join(joinMessage(room))).peers).toHaveLength(1);
	});

	it('cannot claim a room id first: the id is a hash of the key that opens it', async () => {
		const s = await startServer();
		const room = privateRoom();
		const mallory = await connect(s);
		mallory.send(joinMessage(room, { proof: randomBytes(32).toString('base64url') }));
		await expectRejected(mallory, 'bad-proof', CloseCode.forbidden);
		expect(s.stats().rooms).toBe(0);
	});

	it('a public room needs no proof: anyone with the code may enter, by design', async () => {
		const s = await startServer();
		const room: RoomRef = { kind: 'public', code: 'ABCDEF' };
		const a = await connect(s);
		await a.join(joinMessage(room, { create: true }));
		const b = await connect(s);
		expect((await b.join(joinMessage(room, { proof: null }))).peers).toHaveLength(1);
	});
});

describe("a departed member's id", () => {
	it('stays reserved for its resume token: an outsider gets id-taken, the real tab resumes', async () => {
		const s = await startServer();
		const room: RoomRef = { kind: 'public', code: 'ABCDEF' };
		const { client: a, join: joinA } = await joined(s, room, { create: true, name: 'Alice' });
		const { client: b, join: joinB } = await joined(s, room, { name: 'Bob' });
		await a.expect('peer-joined');

		b.ws.terminate();
		expect(await a.next()).toEqual({ type: 'peer-left', id: joinB.peerId });
		const mallory = await connect(s);
		mallory.send(joinMessage(room, { peerId: joinB.peerId, name: 'Mallory' }));
		expect(await mallory.next()).toMatchObject({ type: 'error', code: 'id-taken' });

		const back = await connect(s);
		expect((await back.join(joinB)).peers).toEqual([{ id: joinA.peerId, name: 'Alice' }]);
		expect(await a.next()).toEqual({ type: 'peer-joined', peer: { id: joinB.peerId, name: 'Bob' } });
	});

	it('keeps an emptied room until its reservations expire', async () => {
		const s = await startServer();
		const room = privateRoom();
		const { client: a, join: joinA } = await joined(s, room);
		await a.close();
		const mallory = await connect(s);
		mallory.send(joinMessage(room, { peerId: joinA.peerId }));
		expect(await mallory.next()).toMatchObject({ type: 'error', code: 'id-taken' });
		const back = await connect(s);
		expect((await back.join(joinA)).peers).toEqual([]);
	});

	it('is free again once the reservation expired', async () => {
		const s = await startServer({ idReservationMs: 150 });
		const room = privateRoom();
		const { client: a, join: joinA } = await joined(s, room);
		await a.close();
		await new Promise((resolve) => setTimeout(resolve, 300));
		const other = await connect(s);
		const taken = joinMessage(room, { peerId: joinA.peerId, resumeToken: randomId() });
		expect((await other.join(taken)).self).toBe(joinA.peerId);
		expect(s.stats().rooms).toBe(1);
	});
});
