import { describe, expect, it } from 'vitest';
import { roomSnapshot, type AnnouncedRoom } from './room-snapshot';

// Plain stand-ins for the two card classes: the snapshot reads only these fields.
const incoming = {
	direction: 'in',
	key: 'in/p1/d1',
	kind: 'photo',
	fromName: 'Golden Otter',
	state: 'viewing',
	secondsLeft: 7
};
const outgoing = {
	direction: 'out',
	key: 'out/d2',
	kind: 'text',
	recipients: [
		{ peerId: 'p1', name: 'Golden Otter', status: 'delivered' },
		{ peerId: 'p2', name: 'Quiet Heron', status: 'sending' }
	]
};

describe('roomSnapshot', () => {
	it('copies the peers, the received drops and one receipt per recipient of each sent drop', () => {
		const room = {
			peers: [{ id: 'p1', name: 'Golden Otter', state: 'ready', safetyCode: '123 456' }],
			drops: [incoming, outgoing]
		} as unknown as AnnouncedRoom;
		expect(roomSnapshot(room)).toEqual({
			peers: [{ id: 'p1', name: 'Golden Otter', state: 'ready' }],
			incoming: [
				{ key: 'in/p1/d1', kind: 'photo', fromName: 'Golden Otter', state: 'viewing', secondsLeft: 7 }
			],
			receipts: [
				{ key: 'out/d2/p1', kind: 'text', peerName: 'Golden Otter', status: 'delivered' },
				{ key: 'out/d2/p2', kind: 'text', peerName: 'Quiet Heron', status: 'sending' }
			]
		});
	});

	it('counts no seconds left until a countdown runs: a photo unveiling, a hold-to-view not pressed', () => {
		// Their bars read the whole view already, but the view's start is announced when it counts.
		const seconds = (drop: object) =>
			roomSnapshot({
				peers: [],
				drops: [{ ...incoming, secondsLeft: 10, ...drop }]
			} as unknown as AnnouncedRoom).incoming[0]?.secondsLeft;
		expect(seconds({ state: 'sealed' })).toBe(0);
		expect(seconds({ hold: true, holding: false })).toBe(0);
		expect(seconds({ hold: true, holding: true })).toBe(10);
		expect(seconds({ hold: false })).toBe(10);
	});
});
