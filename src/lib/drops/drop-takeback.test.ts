import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import type { PeerMessage } from '../protocol/peer-messages';
import { DropTakeback } from './drop-takeback';
import { OutgoingDrop } from './outgoing-drop.svelte';

const MINUTE = 60_000;

/** A drop delivered to p1, p2 and p3 (each holding its key), with `views` allowed in all. */
function scene(views: number, connected = ['p1', 'p2', 'p3']) {
	const clock = new FakeClock();
	const sent: [string, PeerMessage][] = [];
	const takeback = new DropTakeback({
		clock,
		send: (peerId, m) => sent.push([peerId, m]),
		isConnected: (peerId) => connected.includes(peerId),
		update: (drop, peerId, event) => drop.update(peerId, event, clock.now())
	});
	const options = { views, seconds: 10, hold: false, expiresAt: clock.now() + 10 * MINUTE, caption: '' };
	const drop = new OutgoingDrop('A'.repeat(22), 'x.jpg', options, { kind: 'everyone' }, false);
	drop.prepared({ kind: 'photo', bytes: new Uint8Array(8), mime: 'image/jpeg', width: 1, height: 1 });
	for (const id of ['p1', 'p2', 'p3']) {
		drop.addRecipient(id, id);
		drop.update(id, 'start');
		drop.keepKey(id, new Uint8Array(32).fill(7));
		drop.update(id, 'delivered');
	}
	takeback.scheduleExpiry(drop);
	const revokes = () => sent.filter(([, m]) => m.t === 'revoke');
	const status = (id: string) => drop.recipient(id)?.status;
	return { clock, sent, takeback, drop, revokes, status };
}

describe('DropTakeback', () => {
	it('at its expiry, every unopened copy is revoked and the drop expires', () => {
		const { clock, takeback, drop, revokes, status } = scene(0, ['p1', 'p2']);
		clock.advance(10 * MINUTE - 1);
		expect(revokes()).toEqual([]);
		clock.advance(1);
		expect(drop.state).toBe('expired');
		// p3 is not connected: it is not told, but its copy counts as expired all the same.
		expect(revokes()).toEqual([
			['p1', { t: 'revoke', id: drop.id, reason: 'expired' }],
			['p2', { t: 'revoke', id: drop.id, reason: 'expired' }]
		]);
		expect(['p1', 'p2', 'p3'].map(status)).toEqual(['expired', 'expired', 'expired']);
		expect(takeback.pendingTimers).toBe(0);
	});

	it('a burn takes it back from who has not opened it, and its expiry timer goes', () => {
		const { takeback, drop, revokes, status } = scene(0);
		takeback.answerViewRequest(drop, 'p1');
		drop.update('p1', 'viewed');
		takeback.burn(drop);
		expect(drop.state).toBe('burned');
		expect(revokes().map(([id, m]) => [id, m.t === 'revoke' && m.reason])).toEqual([
			['p2', 'burned'],
			['p3', 'burned']
		]);
		expect(status('p1')).toBe('viewed');
		expect(takeback.pendingTimers).toBe(0);
		takeback.burn(drop);
		expect(revokes()).toHaveLength(2);
	});

	it('the last view granted revokes every other unopened copy', () => {
		const { sent, takeback, drop, revokes, status } = scene(2);
		takeback.answerViewRequest(drop, 'p1');
		expect(revokes()).toEqual([]);
		takeback.answerViewRequest(drop, 'p2');
		const answers = sent.filter(([, m]) => m.t === 'view-answer');
		expect(answers.map(([id, m]) => [id, m.t === 'view-answer' && m.granted])).toEqual([
			['p1', true],
			['p2', true]
		]);
		expect(revokes()).toEqual([['p3', { t: 'revoke', id: drop.id, reason: 'no-views' }]]);
		expect(status('p3')).toBe('expired');
		expect(drop.state).toBe('done');
		// Nothing is left to expire.
		expect(takeback.pendingTimers).toBe(0);
	});

	it('a refused view ends the asker’s copy; a repeated ask changes nothing', () => {
		const { sent, takeback, drop, revokes, status } = scene(0);
		takeback.answerViewRequest(drop, 'p1');
		takeback.answerViewRequest(drop, 'p1');
		expect(status('p1')).toBe('delivered');
		expect(drop.viewsUsed).toBe(1);
		// Still arriving: nothing to open yet, and asking is a lie that ends its copy.
		drop.addRecipient('p4', 'p4');
		drop.update('p4', 'start');
		takeback.answerViewRequest(drop, 'p4');
		expect(status('p4')).toBe('expired');
		expect(sent.at(-1)).toEqual(['p4', { t: 'view-answer', id: drop.id, granted: false }]);
		expect(revokes()).toEqual([]);
	});

	it('stop leaves no timer behind', () => {
		const { clock, takeback, drop, revokes } = scene(0);
		takeback.stop();
		expect(takeback.pendingTimers).toBe(0);
		clock.advance(11 * MINUTE);
		expect(revokes()).toEqual([]);
		expect(drop.state).toBe('sent');
	});
});
