import { describe, expect, it } from 'vitest';
import { fakeRoom } from '../../../tests/support/room-fakes';
import { ALICE, BOB, alerts, joinWith, peer, roomWithReady } from '../../../tests/support/room-scenarios';

type Join = { type: 'join'; peerId: string; name: string; proof: string | null };

function lastRejoin(room: ReturnType<typeof fakeRoom>): Join {
	const m = room.signaling.rejoins.at(-1);
	if (m?.type !== 'join') throw new Error('no rejoin');
	return m as Join;
}

describe('refused joins: id-taken and name-taken', () => {
	it('a private join carries the proof from the link', () => {
		const room = fakeRoom();
		expect(room.signaling.joinMessage()).toMatchObject({ proof: room.keys.joinProof });
		expect(room.keys.joinProof).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('id-taken is not fatal: the tab joins again at once with a fresh peer id', () => {
		const room = fakeRoom();
		const oldId = room.session.selfId;
		room.signaling.deliver({ type: 'error', code: 'id-taken', message: 'x' });
		expect(room.session.fatal).toBeNull();
		expect(room.signaling.rejoins).toHaveLength(1);
		const rejoin = lastRejoin(room);
		expect(rejoin.peerId).not.toBe(oldId);
		expect(rejoin.peerId).toBe(room.session.selfId);
		expect(rejoin.proof).toBe(room.keys.joinProof);
		expect(alerts(room)).toEqual([]);
	});

	it('after id-taken on a rejoin, the old connections go and the room starts over under the new id', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		room.signaling.deliver({ type: 'error', code: 'id-taken', message: 'x' });
		expect(link.closedByRoom).toBe(true);
		expect(room.session.peers).toEqual([]);
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		expect(room.linkTo(ALICE).options.selfId).toBe(room.session.selfId);
		expect(peer(room, ALICE).state).toBe('connecting');
	});

	it('gives up after a few id-taken answers in a row, rather than knock forever', () => {
		const room = fakeRoom();
		for (let i = 0; i < 10; i++) room.signaling.deliver({ type: 'error', code: 'id-taken', message: 'x' });
		expect(room.signaling.rejoins.length).toBeLessThan(10);
		expect(room.session.fatal).not.toBeNull();
	});

	it('a generated name that is taken: the join is sent again with another generated name', () => {
		const room = fakeRoom({ names: ['Brave Heron'] });
		room.signaling.deliver({ type: 'error', code: 'name-taken', message: 'x' });
		expect(room.session.fatal).toBeNull();
		expect(lastRejoin(room).name).toBe('Brave Heron');
		expect(room.session.selfName).toBe('Brave Heron');
		expect(alerts(room)).toEqual([]);
	});

	it('a typed name another device here has: refused at once, nothing sent, an alert says so', () => {
		const room = fakeRoom({ selfName: 'Quiet Otter' });
		joinWith(room, [{ id: BOB, name: 'Bob' }]);
		room.session.rename('B0b');
		expect(room.session.selfName).toBe('Quiet Otter');
		expect(room.signaling.sent.filter((m) => m.type === 'rename')).toEqual([]);
		expect(alerts(room)).toEqual([expect.stringContaining('already has that name')]);
	});

	it('a typed name the server finds taken: the rename is refused, an alert says so and the old name stays', () => {
		const room = fakeRoom({ selfName: 'Quiet Otter' });
		joinWith(room, [{ id: BOB, name: 'Bob' }]);
		// Someone who joined a moment ago, whom this tab has not heard of yet, took it.
		room.session.rename('Zed');
		expect(room.session.selfName).toBe('Zed');
		room.signaling.deliver({ type: 'error', code: 'name-taken', message: 'x' });
		expect(room.session.selfName).toBe('Quiet Otter');
		expect(alerts(room)).toEqual([expect.stringContaining('already has that name')]);
		expect(room.signaling.rejoins).toHaveLength(0);
		expect(room.session.fatal).toBeNull();
	});

	it('a typed name taken at a rejoin: joins under a generated name and says why', () => {
		const room = fakeRoom({ names: ['Brave Heron'] });
		joinWith(room, []);
		room.session.rename('Zoe');
		room.signaling.joinMessage(); // the socket dropped and the tab joins again
		room.signaling.deliver({ type: 'error', code: 'name-taken', message: 'x' });
		expect(lastRejoin(room).name).toBe('Brave Heron');
		expect(alerts(room)).toEqual([expect.stringContaining('already has that name')]);
	});
});
