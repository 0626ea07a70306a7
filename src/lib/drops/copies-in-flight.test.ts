import { describe, expect, it, vi } from 'vitest';
import type { PreparedPhoto } from '../image/prepared-photo';
import { peerId, photoFile, settle } from '../../../tests/support/room-fakes';
import { outDrop, roomWithReady } from '../../../tests/support/room-scenarios';
import { HOLD_CARD_MS } from './cards-in-waiting';
import { COPIES_AT_ONCE } from './copy-slots';

/** Issue 18: a full room's drop is not copied for every recipient at once. */
describe('a drop to many recipients makes a few copies at a time', () => {
	it('watermarks at most COPIES_AT_ONCE copies at once, and every recipient still gets one', async () => {
		const peers = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((l) => ({ id: peerId(l), name: `Peer ${l}` }));
		const [room, ...links] = await roomWithReady(peers);
		const fake = room.preparation.preparation;
		const mark = fake.watermark;
		let marking = 0;
		let most = 0;
		const held: (() => void)[] = [];
		fake.watermark = async (photo, who): Promise<PreparedPhoto> => {
			marking++;
			most = Math.max(most, marking);
			await new Promise<void>((resolve) => held.push(resolve));
			marking--;
			return mark(photo, who);
		};
		Object.assign(room.session.options, { watermark: true });
		room.session.sendFiles([photoFile()]);
		await room.session.preparing;
		await settle();
		expect(held).toHaveLength(COPIES_AT_ONCE);
		// Its card goes on screen once its copies arrived, or after HOLD_CARD_MS.
		room.clock.advance(HOLD_CARD_MS);
		const drop = outDrop(room);
		expect(drop.recipients).toHaveLength(peers.length);
		await vi.waitFor(() => {
			held.splice(0).forEach((release) => release());
			for (const link of links) expect(link.channel!.messages().some((m) => m.t === 'drop-end')).toBe(true);
		});
		expect(most).toBe(COPIES_AT_ONCE);
		expect(room.preparation.marks).toHaveLength(peers.length);
	});
});
