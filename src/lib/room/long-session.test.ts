import { describe, expect, it } from 'vitest';
import { BEQUEST_GRACE_MS } from '../drops/drop-receiver';
import { fakeRoom, peerId, settle } from '../../../tests/support/room-fakes';
import {
	ALICE,
	alerts,
	inDrops,
	joinWith,
	readyPeer,
	receiveDrop,
	sendOne
} from '../../../tests/support/room-scenarios';

describe('a long session stays small', () => {
	it('drops that are over fold into the history line; live ones and the last few stay whole', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		for (let i = 0; i < 30; i++) {
			const d = await receiveDrop(room, alice, new Uint8Array(200).fill(i));
			alice.say({ t: 'revoke', id: d.header.id, reason: i % 3 === 0 ? 'burned' : 'expired' });
		}
		const live = await receiveDrop(room, alice, new Uint8Array(200).fill(99));
		expect(inDrops(room).length).toBeLessThanOrEqual(6);
		expect(inDrops(room).find((d) => d.id === live.header.id)?.state).toBe('sealed');
		expect(room.session.history.total).toBe(25);
		expect((room.session.history.received.burned ?? 0) + (room.session.history.received.expired ?? 0)).toBe(
			25
		);
	});

	it('a sent drop folds only once every receipt is final, and leaves no timer behind', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		for (let i = 0; i < 8; i++) {
			const drop = await sendOne(room);
			alice.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
			room.session.burn(drop);
		}
		const outs = room.session.drops.filter((d) => d.direction === 'out');
		expect(outs.length).toBeLessThanOrEqual(6);
		expect(room.session.history.sent.burned).toBeGreaterThanOrEqual(2);
		// Only the expiry timers of drops still shown remain.
		expect(room.clock.pending).toBeLessThanOrEqual(outs.length + 2);
	});

	it('peers that come and go leave no peer nor timer behind, and alerts stay few', async () => {
		const room = fakeRoom();
		joinWith(room, []);
		for (let i = 0; i < 200; i++) {
			const id = peerId('P').slice(4) + String(i).padStart(4, '0');
			room.signaling.deliver({ type: 'peer-joined', peer: { id, name: `Guest ${i}` } });
			room.linkTo(id).open();
			await settle();
			room.signaling.deliver({ type: 'peer-left', id });
			room.session.alerts.push(`Alert ${i}`);
		}
		await settle();
		expect(room.session.peers).toHaveLength(0);
		expect(alerts(room)).toHaveLength(5);
		// A departed peer's keys may still land for BEQUEST_GRACE_MS; then nothing of it is left.
		room.clock.advance(BEQUEST_GRACE_MS);
		expect(room.clock.pending).toBe(0);
	});
});
