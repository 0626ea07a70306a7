import { describe, expect, it, vi } from 'vitest';
import { toBase64Url } from '../crypto/base64url';
import { fakeRoom, photoFile, settle } from '../../../tests/support/room-fakes';
import { ALICE, alerts, header, inDrops, joinWith, peer } from '../../../tests/support/room-scenarios';
import { SAFETY_EXCHANGE_TIMEOUT_MS } from '../crypto/safety-exchange';

const UNVERIFIED = 'Could not verify this device (Alice)';

/** Alice in the room, her data channel open, and the test playing her side of the safety exchange. */
async function openedToAlice() {
	const room = fakeRoom();
	joinWith(room, [{ id: ALICE, name: 'Alice' }]);
	const link = room.linkTo(ALICE);
	const channel = link.open({ honest: false });
	await settle();
	/** The safety exchange's messages and then the rest, in order within each. */
	const sentTypes = () => [...link.safetySaid, ...channel.messages()].map((m) => m.t);
	return { room, link, channel, sentTypes };
}

describe('a peer is ready only once the safety exchange is done', () => {
	it('stays connecting with an open channel until the exchange completes, then shows its code', async () => {
		const { room, link, sentTypes } = await openedToAlice();
		expect(peer(room, ALICE).state).toBe('connecting');
		expect(peer(room, ALICE).safetyCode).toBeNull();
		// This side committed, and reveals nothing before Alice's commit.
		expect(sentTypes()).toEqual(['safety-commit']);
		const alice = link.playSafety();
		alice.start(link.peerFingerprints, 'Alice');
		await settle();
		expect(sentTypes()).toEqual(['safety-commit', 'safety-reveal']);
		expect(peer(room, ALICE).state).toBe('ready');
		const shown = peer(room, ALICE).safetyCode;
		expect(shown).toMatch(/^\d{3} \d{3}$/);
		expect(alice.outcome).toEqual({ ok: true, code: shown, name: room.session.selfName });
	});

	it('nothing is sent to a peer before it is verified: a drop waits for the exchange', async () => {
		const { room, link, sentTypes } = await openedToAlice();
		room.session.sendFiles([photoFile()]);
		await room.session.preparing;
		await settle();
		expect(sentTypes()).not.toContain('drop');
		link.playSafety().start(link.peerFingerprints, link.saysName);
		await settle();
		expect(peer(room, ALICE).state).toBe('ready');
		await vi.waitFor(() => expect(sentTypes()).toContain('drop'));
	});

	it('an exchange that never completes fails the peer as unverified', async () => {
		const { room, link } = await openedToAlice();
		room.clock.advance(SAFETY_EXCHANGE_TIMEOUT_MS - 1);
		expect(peer(room, ALICE).state).toBe('connecting');
		room.clock.advance(1);
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).failure).toBe('unverified');
		expect(alerts(room)).toEqual([expect.stringContaining(UNVERIFIED)]);
		expect(link.closedByRoom).toBe(true);
	});

	it('a reveal that does not match its commit fails the peer as unverified', async () => {
		const { room, link } = await openedToAlice();
		link.say({ t: 'safety-commit', commit: toBase64Url(new Uint8Array(32).fill(1)) });
		await settle();
		link.say({ t: 'safety-reveal', nonce: toBase64Url(new Uint8Array(32).fill(2)), name: 'Alice' });
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).failure).toBe('unverified');
		expect(alerts(room)).toEqual([expect.stringContaining(UNVERIFIED)]);
	});

	it('a reveal before any commit fails the peer as unverified', async () => {
		const { room, link } = await openedToAlice();
		link.say({ t: 'safety-reveal', nonce: toBase64Url(new Uint8Array(32).fill(2)), name: 'Alice' });
		expect(peer(room, ALICE).failure).toBe('unverified');
	});

	it('a drop, garbage or bytes before the exchange is done fail the peer as unverified; nothing is kept', async () => {
		const tells: ((l: Awaited<ReturnType<typeof openedToAlice>>['link']) => Promise<void> | void)[] = [
			async (l) => l.say(await header(new Uint8Array(10))),
			(l) => l.say('{"t":"nonsense"}'),
			(l) => l.chunk(1, new Uint8Array(10))
		];
		for (const tell of tells) {
			const { room, link } = await openedToAlice();
			await tell(link);
			expect(peer(room, ALICE).failure).toBe('unverified');
			expect(inDrops(room)).toEqual([]);
			expect(alerts(room)).toEqual([expect.stringContaining(UNVERIFIED)]);
		}
	});

	it('fails as unverified when the connection shows no DTLS fingerprints', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const link = room.linkTo(ALICE);
		link.fingerprintsSeen = null;
		link.open();
		await settle();
		expect(peer(room, ALICE).failure).toBe('unverified');
	});

	it('a second exchange on a verified link breaks the protocol', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const link = room.linkTo(ALICE);
		link.open();
		await settle();
		expect(peer(room, ALICE).state).toBe('ready');
		link.say({ t: 'safety-commit', commit: toBase64Url(new Uint8Array(32)) });
		expect(peer(room, ALICE).failure).toBe('hostile');
	});

	it('the timer stops once the peer is verified', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		room.linkTo(ALICE).open();
		await settle();
		room.clock.advance(SAFETY_EXCHANGE_TIMEOUT_MS * 2);
		expect(peer(room, ALICE).state).toBe('ready');
		expect(alerts(room)).toEqual([]);
	});
});
