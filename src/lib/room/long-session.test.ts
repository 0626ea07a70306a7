import { describe, expect, it } from 'vitest';

import { ALICE, inDrops, receiveDrop, sendOne, roomWithReady } from '../../../tests/support/room-scenarios';

describe('a long session stays small', () => {
	it('drops that are over fold into the history line; live ones and the last few stay whole', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
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
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
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
});
