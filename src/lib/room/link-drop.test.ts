import { describe, expect, it } from 'vitest';
import { ICE_RESTART_AFTER_MS, ICE_RESTART_EVERY_MS, KEEP_INTERRUPTED_LINK_MS } from '../peers/link-recovery';
import { MAX_LINK_ATTEMPTS, RETRY_DELAY_MS, STUCK_AFTER_MS } from '../peers/link-policy';
import { settle } from '../../../tests/support/room-fakes';
import { ALICE, peer, roomWithReady } from '../../../tests/support/room-scenarios';

describe('a ready peer whose path goes away', () => {
	it('shows as reconnecting, not failed; the side that offered restarts ICE until the path is back', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		expect(link.role).toBe('initiator');
		link.path('interrupted');
		expect(peer(room, ALICE).reconnecting).toBe(true);
		expect(peer(room, ALICE).state).toBe('ready');
		room.clock.advance(ICE_RESTART_AFTER_MS - 1);
		expect(link.iceRestarts).toBe(0);
		room.clock.advance(1);
		expect(link.iceRestarts).toBe(1);
		room.clock.advance(ICE_RESTART_EVERY_MS);
		expect(link.iceRestarts).toBe(2);
		link.path('restored');
		await settle();
		expect(peer(room, ALICE).reconnecting).toBe(false);
		expect(peer(room, ALICE).state).toBe('ready');
		// Nothing more is pending: the same link carries on.
		room.clock.advance(KEEP_INTERRUPTED_LINK_MS);
		expect(link.iceRestarts).toBe(2);
		expect(link.closedByRoom).toBe(false);
		expect(room.linkTo(ALICE)).toBe(link);
	});

	it('the side that answered waits for the restart offer and restarts nothing itself', async () => {
		const [room] = await roomWithReady([]);
		room.signaling.deliver({ type: 'peer-joined', peer: { id: ALICE, name: 'Alice' } });
		const link = room.linkTo(ALICE);
		link.open();
		await settle();
		expect(link.role).toBe('responder');
		link.path('interrupted');
		room.clock.advance(KEEP_INTERRUPTED_LINK_MS - 1);
		expect(link.iceRestarts).toBe(0);
		expect(peer(room, ALICE).reconnecting).toBe(true);
	});

	it('a path back under other certificates than the ones verified fails the peer as unverified', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		link.path('interrupted');
		link.fingerprintsSeen = { local: 'sha-256 AA:BB', remote: 'sha-256 EE:FF' };
		link.path('restored');
		await settle();
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).failure).toBe('unverified');
		expect(peer(room, ALICE).reconnecting).toBe(false);
	});

	it('past its time the link is given up for fresh ones, still reconnecting; failed once those are used up', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		link.path('interrupted');
		room.clock.advance(KEEP_INTERRUPTED_LINK_MS);
		expect(link.closedByRoom).toBe(true);
		expect(peer(room, ALICE).state).toBe('connecting');
		expect(peer(room, ALICE).reconnecting).toBe(true);
		room.clock.advance(RETRY_DELAY_MS);
		const fresh = room.linkTo(ALICE);
		expect(fresh).not.toBe(link);
		for (let i = 1; i < MAX_LINK_ATTEMPTS; i++) room.clock.advance(STUCK_AFTER_MS);
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).reconnecting).toBe(false);
	});

	it('a fresh link that opens makes the peer ready again, no longer reconnecting', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		link.fail();
		expect(peer(room, ALICE).reconnecting).toBe(true);
		expect(peer(room, ALICE).state).toBe('connecting');
		room.clock.advance(RETRY_DELAY_MS);
		room.linkTo(ALICE).open();
		await settle();
		expect(peer(room, ALICE).state).toBe('ready');
		expect(peer(room, ALICE).reconnecting).toBe(false);
	});
});
