import { describe, expect, it } from 'vitest';
import { fakeRoom } from '../../../tests/support/room-fakes';
import {
	ALICE,
	BOB,
	alerts,
	joinWith,
	outDrop,
	peer,
	readyPeer,
	sendOne,
	roomWithReady
} from '../../../tests/support/room-scenarios';

/** Issue 12, finding 5: a name can't be faked to frame someone else in a watermark. */
describe('a ready peer is called what it said over the verified channel', () => {
	it('takes the name the device gave in the safety exchange, not the one the server listed', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		expect(peer(room, ALICE).name).toBe('Alice');
		await readyPeer(room, ALICE, 'Alice', 'Alice Liddell');
		expect(peer(room, ALICE).state).toBe('ready');
		expect(peer(room, ALICE).name).toBe('Alice Liddell');
	});

	it('the server can no longer rename a ready peer, or swap two names', async () => {
		const [room] = await roomWithReady([
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Bob' }
		]);
		room.signaling.deliver({ type: 'peer-renamed', id: ALICE, name: 'Bob' });
		room.signaling.deliver({ type: 'peer-renamed', id: BOB, name: 'Alice' });
		room.signaling.deliver({ type: 'peer-joined', peer: { id: ALICE, name: 'Mallory' } });
		room.signaling.joined(room.session.selfId, [
			{ id: ALICE, name: 'Carol' },
			{ id: BOB, name: 'Dave' }
		]);
		expect(peer(room, ALICE).name).toBe('Alice');
		expect(peer(room, BOB).name).toBe('Bob');
	});

	it('a peer that says it has the name of another device here is cut off with an alert', async () => {
		const room = fakeRoom();
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Mallory' }
		]);
		await readyPeer(room, ALICE, 'Alice');
		// Folded alike: case, a Cyrillic "а", a digit for a letter.
		await readyPeer(room, BOB, 'Mallory', 'аl1ce');
		expect(peer(room, BOB).state).toBe('failed');
		expect(peer(room, BOB).failure).toBe('name-clash');
		expect(alerts(room)).toEqual([expect.stringContaining('a name another device in this room already has')]);
		expect(peer(room, ALICE).state).toBe('ready');
	});

	it('nor may it take this device’s own name', async () => {
		const room = fakeRoom({ selfName: 'Quiet Otter' });
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		await readyPeer(room, ALICE, 'Alice', 'QUIET OTTER');
		expect(peer(room, ALICE).failure).toBe('name-clash');
	});

	it('a ready peer may rename itself over the channel, but not into a name already here', async () => {
		const [room, alice] = await roomWithReady([
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Bob' }
		]);
		alice.say({ t: 'name', name: 'B0B' });
		expect(peer(room, ALICE).name).toBe('Alice');
		alice.say({ t: 'name', name: 'Alicia' });
		expect(peer(room, ALICE).name).toBe('Alicia');
		expect(peer(room, ALICE).state).toBe('ready');
	});

	it('this device tells each ready peer its new name over the channel', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		room.session.rename('Zed');
		expect(alice.channel!.messages()).toContainEqual({ t: 'name', name: 'Zed' });
		expect(alice.safetySaid.find((m) => m.t === 'safety-reveal')).toMatchObject({ name: 'Quiet Otter' });
	});
});

describe('the watermark names the recipient as it was when the drop was offered, with its code', () => {
	it('carries the name fixed at the offer and the pair’s safety code, whatever the peer says later', async () => {
		const room = fakeRoom();
		room.preparation.auto = true;
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		const code = peer(room, ALICE).safetyCode;
		expect(code).toMatch(/^\d{3} \d{3}$/);
		const drop = await sendOne(room, { watermark: true });
		alice.say({ t: 'name', name: 'Bob' });
		expect(room.preparation.marks).toEqual([{ name: 'Alice', safetyCode: code }]);
		expect(outDrop(room).recipient(ALICE)?.name).toBe('Alice');
		expect(drop.recipient(ALICE)?.safetyCode).toBe(code);
	});
});
