import { describe, expect, it } from 'vitest';
import { openSignal, signalSealKey } from '../crypto/signal-auth';
import type { ClientMessage } from '../protocol/signaling-messages';
import { NO_WEBRTC_TEXT } from '../text/user-messages';
import { fakeRoom } from '../../../tests/support/room-fakes';
import { ALICE, BOB, alerts, joinWith, peer, type Room } from '../../../tests/support/room-scenarios';

/** What this tab told `to` through the server, opened with the room's signal key. */
function signalsTo(room: Room, to: string) {
	const ctx = { key: signalSealKey(room.keys), roomId: room.keys.roomId, from: room.session.selfId, to };
	return room.signaling.sent
		.filter((m): m is Extract<ClientMessage, { type: 'signal' }> => m.type === 'signal' && m.to === to)
		.map((m) => openSignal(ctx, m.data));
}

/** Issue 12, finding 10: a browser without WebRTC says so, and so do the devices it meets. */
describe('a browser without WebRTC', () => {
	it('shows one fatal alert before anything, still joins, and tells each device why it can’t reach it', () => {
		const room = fakeRoom({ webrtc: false });
		expect(room.session.fatal).toBe(NO_WEBRTC_TEXT);
		expect(room.signaling.joinMessage()?.type).toBe('join');
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Bob' }
		]);
		for (const id of [ALICE, BOB]) {
			expect(peer(room, id).state).toBe('failed');
			expect(peer(room, id).failure).toBe('no-webrtc');
			expect(signalsTo(room, id)).toEqual([
				expect.objectContaining({ ok: true, signal: { type: 'unsupported' } })
			]);
		}
		// The fatal alert already says it, for every device at once.
		expect(alerts(room)).toEqual([]);
	});

	it('a link that throws as it is made fails its peer with an alert, and the peer is told', () => {
		const room = fakeRoom();
		room.linkFactory.throws = true;
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Bob' }
		]);
		expect(room.session.fatal).toBeNull();
		expect(peer(room, ALICE).failure).toBe('no-webrtc');
		expect(peer(room, BOB).failure).toBe('no-webrtc');
		// Said once, not once per device.
		expect(alerts(room)).toEqual([NO_WEBRTC_TEXT]);
		expect(signalsTo(room, ALICE)).toEqual([
			expect.objectContaining({ ok: true, signal: { type: 'unsupported' } })
		]);
	});

	it('a device that joins later, whose offer arrives, is told too', () => {
		const room = fakeRoom({ webrtc: false });
		joinWith(room, []);
		room.signaling.deliver({ type: 'peer-joined', peer: { id: ALICE, name: 'Alice' } });
		expect(peer(room, ALICE).failure).toBe('no-webrtc');
		expect(signalsTo(room, ALICE)).toHaveLength(1);
	});
});
