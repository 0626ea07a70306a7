import { describe, expect, it, vi } from 'vitest';
import { HOLD_CARD_MS } from '../drops/cards-in-waiting';
import { PLAIN_CHUNK_BYTES, sealedSize } from '../crypto/drop-sealing';
import { DropAssembler } from '../drops/drop-assembler';
import { RECEIVE_BUDGET } from '../drops/receive-budget';
import { CHUNK_BYTES, TEXT_MIME, type PhotoDropHeader } from '../protocol/peer-messages';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { photoFile, settle, type FakeLink } from '../../../tests/support/room-fakes';
import {
	ALICE,
	BOB,
	alerts,
	header,
	inDrops,
	grantOf,
	sealedDrop,
	sendSealed,
	outDrop,
	peer,
	receiveDrop,
	deliveredToThree,
	roomWithReady
} from '../../../tests/support/room-scenarios';

describe('finding 3: one member cannot get an honest sender marked hostile', () => {
	it("a header with another sender's drop id, sent first, changes nothing for the real sender", async () => {
		const [room, alice, mallory] = await roomWithReady([
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Mallory' }
		]);
		const bytes = new Uint8Array(4000).fill(4);
		const honest = await header(bytes);
		// Mallory saw Alice's drop id (she is a recipient too) and races Alice's header.
		mallory.say({ ...honest, stream: 9 });
		await receiveDrop(room, alice, bytes, { id: honest.id });
		expect(peer(room, ALICE).state).toBe('ready');
		const fromAlice = inDrops(room).find((d) => d.fromId === ALICE);
		expect(fromAlice?.id).toBe(honest.id);
		expect(fromAlice?.state).toBe('sealed');
	});

	it('the same sender repeating its own drop id is still a protocol violation', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const { header: h } = await receiveDrop(room, alice, new Uint8Array(100).fill(1));
		alice.say({ ...h, stream: 2 });
		expect(peer(room, ALICE).state).toBe('failed');
	});
});

describe('finding 4: one recipient cannot use up every view', () => {
	it('a recipient gets one view, ever; a repeat request is refused and leaves the views to others', async () => {
		const { drop, links } = await deliveredToThree(3);
		const [alice, bob, carol] = links;
		for (let i = 0; i < 3; i++) alice.say({ t: 'view-request', id: drop.id });
		const granted = (l: typeof alice) =>
			l
				.channel!.messages()
				.filter((m) => m.t === 'view-answer')
				.map((m) => m.granted);
		expect(granted(alice)).toEqual([true, false, false]);
		expect(drop.viewsLeft).toBe(2);
		bob.say({ t: 'view-request', id: drop.id });
		carol.say({ t: 'view-request', id: drop.id });
		expect(granted(bob)).toEqual([true]);
		expect(granted(carol)).toEqual([true]);
		// Nobody's copy was revoked on Alice's account.
		expect(bob.channel!.messages().some((m) => m.t === 'revoke')).toBe(false);
	});
});

describe('finding 1: a member cannot fill a recipient with drops', () => {
	/** A whole drop of `n` bytes from `link`, without waiting for the recipient's verdict. */
	async function offer(link: FakeLink, n: number, stream: number) {
		const drop = await sealedDrop(new Uint8Array(n).fill(stream & 0xff), { stream });
		sendSealed(link, drop);
		return drop;
	}

	const receipts = (link: FakeLink, status: string) =>
		link.channel!.messages().filter((m) => m.t === 'receipt' && m.status === status);

	it('headers reserve no memory: it is taken as the bytes arrive', async () => {
		const before = process.memoryUsage().arrayBuffers;
		const held = [];
		for (let i = 0; i < 4; i++) {
			const a = DropAssembler.start(await header(new Uint8Array(0), { size: sealedSize(49_000_000) }));
			held.push(a);
		}
		expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(5_000_000);
		expect(held).toHaveLength(4);
	});

	it('one sender gets at most its share of unopened drops; the rest are refused, and it stays', async () => {
		const [room, mallory, bob] = await roomWithReady([
			{ id: ALICE, name: 'Mallory' },
			{ id: BOB, name: 'Bob' }
		]);
		for (let s = 1; s <= RECEIVE_BUDGET.heldPerPeer + 5; s++) {
			await offer(mallory, 1000, s);
			await vi.waitFor(() => expect(inDrops(room).every((d) => d.state !== 'receiving')).toBe(true));
		}
		expect(inDrops(room).filter((d) => d.state === 'sealed')).toHaveLength(RECEIVE_BUDGET.heldPerPeer);
		expect(receipts(mallory, 'failed')).toHaveLength(5);
		expect(peer(room, ALICE).state).toBe('ready');
		expect(alerts(room)).toContain(
			'Mallory sent more photos than this device keeps unopened at once. The rest were refused: open or let some expire first.'
		);
		// An honest sender's drop still arrives.
		await receiveDrop(room, bob, new Uint8Array(500).fill(1));
		expect(inDrops(room).find((d) => d.fromId === BOB)?.state).toBe('sealed');
	});

	it("one sender's bytes are capped too, promised bytes counting at once", async () => {
		const [room, mallory] = await roomWithReady([{ id: ALICE, name: 'Mallory' }]);
		const big = sealedSize(Math.floor(RECEIVE_BUDGET.heldBytesPerPeer / 2.5));
		mallory.say(await header(new Uint8Array(0), { size: big, stream: 1 }));
		mallory.say(await header(new Uint8Array(0), { size: big, stream: 2 }));
		mallory.say(await header(new Uint8Array(0), { size: big, stream: 3 }));
		expect(inDrops(room)).toHaveLength(2);
		expect(receipts(mallory, 'failed')).toHaveLength(1);
		// The refused drop's bytes, sent before the refusal arrived, are let fall: no violation.
		mallory.chunk(3, new Uint8Array(CHUNK_BYTES));
		expect(peer(room, ALICE).state).toBe('ready');
	});

	it('an alert about a drop names its kind: a stalled text is a text, not a photo', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const photo = (await header(new Uint8Array(0), { size: 5000, stream: 1 })) as PhotoDropHeader;
		const { width: _w, height: _h, ...rest } = photo;
		alice.say({ ...rest, kind: 'text', mime: TEXT_MIME } as never);
		// One chunk's card waits off screen for its bytes, a moment at most.
		expect(inDrops(room)).toHaveLength(0);
		room.clock.advance(HOLD_CARD_MS);
		expect(inDrops(room)[0]?.state).toBe('receiving');
		room.clock.advance(2 * RECEIVE_BUDGET.stallMs);
		expect(inDrops(room)[0]?.state).toBe('failed');
		expect(alerts(room)).toContain(
			'A text from Alice stopped arriving and was dropped. Nothing of it was kept.'
		);
	});

	it('a stalled transfer times out on both sides; its late bytes fall, more than promised is a lie', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		alice.say(await header(new Uint8Array(0), { size: 3 * CHUNK_BYTES, stream: 1 }));
		expect(sealedSize(3 * PLAIN_CHUNK_BYTES)).toBe(3 * CHUNK_BYTES);
		alice.chunk(1, new Uint8Array(CHUNK_BYTES));
		room.clock.advance(RECEIVE_BUDGET.stallMs - 1000);
		expect(inDrops(room)[0]?.state).toBe('receiving');
		room.clock.advance(RECEIVE_BUDGET.stallMs);
		expect(inDrops(room)[0]?.state).toBe('failed');
		expect(receipts(alice, 'failed')).toHaveLength(1);
		expect(alerts(room)).toContain(
			'A photo from Alice stopped arriving and was dropped. Nothing of it was kept.'
		);
		alice.chunk(1, new Uint8Array(CHUNK_BYTES));
		alice.chunk(1, new Uint8Array(CHUNK_BYTES));
		expect(peer(room, ALICE).state).toBe('ready');
		alice.chunk(1, new Uint8Array(CHUNK_BYTES));
		expect(peer(room, ALICE).state).toBe('failed');
	});

	it("the sender's expiry is clamped to the longest the app offers", async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const forever = { views: 1, seconds: 10, hold: false, expiresAt: Number.MAX_SAFE_INTEGER, caption: '' };
		await receiveDrop(room, alice, new Uint8Array(100).fill(2), { options: forever });
		room.clock.advance(RECEIVE_BUDGET.maxExpiryMs);
		expect(inDrops(room)[0]?.state).toBe('expired');
	});

	it('a recipient that refuses a drop stops the sender sending it', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		// 10 MiB: more than the writer lets the channel buffer before it waits for a drain.
		room.session.sendFiles([photoFile(160 * CHUNK_BYTES)]);
		await room.session.preparing;
		room.clock.advance(HOLD_CARD_MS);
		const drop = outDrop(room);
		await vi.waitFor(() => expect(alice.channel!.chunks().length).toBeGreaterThan(0));
		const sentBefore = alice.channel!.chunks().length;
		alice.say({ t: 'receipt', id: drop.id, status: 'failed', at: room.clock.now() });
		alice.channel!.drain();
		await settle();
		expect(alice.channel!.chunks().length).toBe(sentBefore);
	});
});

describe('finding 8: the recipient checks the real size before decoding', () => {
	it('a bomb that claims 1×1 fails with an alert, and no decoder ever sees it', async () => {
		const decode = vi.fn(() => Promise.reject(new Error('decoded')));
		vi.stubGlobal('createImageBitmap', decode);
		try {
			const [room, mallory] = await roomWithReady([{ id: ALICE, name: 'Mallory' }]);
			const bomb = fixtureBytes('bomb_30000x30000.png');
			const h = await receiveDrop(room, mallory, bomb, { mime: 'image/png', width: 1, height: 1 });
			const card = inDrops(room)[0]!;
			expect(card.state).toBe('sealed');
			const opening = card.reveal();
			mallory.say(grantOf(h));
			await opening;
			expect(decode).not.toHaveBeenCalled();
			expect(card.state).toBe('failed');
			expect(alerts(room)[0]).toContain('The photo from Mallory is not the picture it claimed to be');
			expect(mallory.channel!.messages()).toContainEqual(
				expect.objectContaining({ t: 'receipt', status: 'failed' })
			);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
