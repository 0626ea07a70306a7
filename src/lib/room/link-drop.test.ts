import { describe, expect, it, vi } from 'vitest';
import { ICE_RESTART_AFTER_MS, ICE_RESTART_EVERY_MS, KEEP_INTERRUPTED_LINK_MS } from '../peers/link-recovery';
import { MAX_LINK_ATTEMPTS, RETRY_DELAY_MS, STUCK_AFTER_MS } from '../peers/link-policy';
import { afterCutOff } from '../drops/link-drop-resend';
import { CHUNK_BYTES } from '../protocol/peer-messages';
import { settle, type FakeLink } from '../../../tests/support/room-fakes';
import {
	ALICE,
	inDrops,
	peer,
	roomWithReady,
	sealedDrop,
	sendOne,
	sendSealed,
	sentTypes,
	type Room
} from '../../../tests/support/room-scenarios';

/** The link to Alice fails; the fresh one opens; resolves with it, once Alice is ready again. */
async function linkBack(room: Room, old: FakeLink): Promise<FakeLink> {
	old.fail();
	room.clock.advance(RETRY_DELAY_MS);
	const fresh = room.linkTo(ALICE);
	expect(fresh).not.toBe(old);
	fresh.open();
	await settle();
	expect(peer(room, ALICE).state).toBe('ready');
	return fresh;
}

const headersOf = (link: FakeLink, id: string) =>
	link.channel!.messages().filter((m) => m.t === 'drop' && m.id === id);

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

describe('a drop on its way when the link dropped', () => {
	it('the re-send rule: once per recipient, while the drop is live, never after a grant', () => {
		const copy = { live: true, status: 'sending', granted: false, resentBefore: false } as const;
		expect(afterCutOff(copy)).toBe('requeue');
		expect(afterCutOff({ ...copy, resentBefore: true })).toBe('failed');
		expect(afterCutOff({ ...copy, live: false })).toBe('failed');
		expect(afterCutOff({ ...copy, granted: true })).toBe('failed');
		for (const status of ['queued', 'delivered', 'viewed', 'destroyed', 'expired', 'burned'] as const)
			expect(afterCutOff({ ...copy, status })).toBeNull();
	});

	it('waits as queued, and goes again on the fresh link as a new copy under a fresh key', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room);
		const firstChunk = link.channel!.chunks()[0]!;
		link.fail();
		expect(drop.recipient(ALICE)!.status).toBe('queued');
		expect(drop.state).toBe('sending');
		const fresh = await linkBack(room, link);
		await vi.waitFor(() => expect(headersOf(fresh, drop.id)).toHaveLength(1));
		await vi.waitFor(() => expect(fresh.channel!.chunks().length).toBeGreaterThan(0));
		expect(drop.recipient(ALICE)!.status).toBe('sending');
		// Same bytes, a new key: the first sealed chunk differs.
		expect(fresh.channel!.chunks()[0]!.subarray(4)).not.toEqual(firstChunk.subarray(4));
		fresh.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		expect(drop.recipient(ALICE)!.status).toBe('delivered');
	});

	it('the copy cut off with the old link, ending late, leaves the fresh copy alone', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		// The photo's check still runs as its bytes go: each copy's end waits for it.
		let pass = () => {};
		room.preparation.check = () => new Promise<void>((resolve) => (pass = resolve));
		const drop = await sendOne(room);
		expect(sentTypes(link)).not.toContain('drop-end');
		const fresh = await linkBack(room, link);
		await vi.waitFor(() => expect(fresh.channel!.chunks().length).toBeGreaterThan(0));
		expect(drop.recipient(ALICE)!.status).toBe('sending');
		// The check passes: the old copy, stopped with its link, ends only now.
		pass();
		await vi.waitFor(() => expect(sentTypes(fresh)).toContain('drop-end'));
		await settle();
		expect(drop.recipient(ALICE)!.status).toBe('sending');
		fresh.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		expect(drop.recipient(ALICE)!.status).toBe('delivered');
	});

	it('a link that keeps dropping gets the drop again once, not again and again', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room);
		const second = await linkBack(room, link);
		await vi.waitFor(() => expect(headersOf(second, drop.id)).toHaveLength(1));
		const third = await linkBack(room, second);
		expect(drop.recipient(ALICE)!.status).toBe('failed');
		await settle();
		expect(headersOf(third, drop.id)).toHaveLength(0);
	});

	it('a drop burned or expired while the link was down is not sent again', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const burned = await sendOne(room);
		link.fail();
		room.session.burn(burned);
		expect(burned.recipient(ALICE)!.status).toBe('burned');
		const fresh = await linkBack(room, room.linkTo(ALICE));
		expect(headersOf(fresh, burned.id)).toHaveLength(0);

		const expiring = await sendOne(room, { expiry: { kind: 'at', at: room.clock.now() + 5_000 } });
		fresh.fail();
		room.clock.advance(5_000);
		expect(expiring.recipient(ALICE)!.status).toBe('expired');
		const last = room.linkTo(ALICE);
		expect(last).not.toBe(fresh);
		last.open();
		await settle();
		expect(peer(room, ALICE).state).toBe('ready');
		expect(headersOf(last, expiring.id)).toHaveLength(0);
	});

	it('a reconnect gets no second view: the one granted before the link dropped was the only one', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room, { views: 3 });
		link.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		link.say({ t: 'view-request', id: drop.id });
		expect(link.channel!.messages().filter((m) => m.t === 'view-answer')).toEqual([
			expect.objectContaining({ granted: true })
		]);
		const fresh = await linkBack(room, link);
		fresh.say({ t: 'view-request', id: drop.id });
		expect(fresh.channel!.messages().filter((m) => m.t === 'view-answer')).toEqual([
			{ t: 'view-answer', id: drop.id, granted: false }
		]);
		expect(headersOf(fresh, drop.id)).toHaveLength(0);
		expect(drop.viewsUsed).toBe(1);
	});

	it('the recipient: the cut-off card fails, the copy sent again replaces it once, a third is a duplicate', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const plain = new Uint8Array(3 * CHUNK_BYTES + 5).fill(7);
		const first = await sealedDrop(plain);
		link.say(first.header);
		link.chunk(first.header.stream, first.chunks[0]!.slice());
		expect(inDrops(room)[0]!.state).toBe('receiving');
		const fresh = await linkBack(room, link);
		expect(inDrops(room).map((d) => d.state)).toEqual(['failed']);

		const again = await sealedDrop(plain, { id: first.header.id, stream: 2 });
		sendSealed(fresh, again);
		await vi.waitFor(() => expect(inDrops(room).map((d) => d.state)).toEqual(['sealed']));
		expect(peer(room, ALICE).state).toBe('ready');

		fresh.say({ ...again.header, stream: 3 });
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).failure).toBe('hostile');
	});
});
