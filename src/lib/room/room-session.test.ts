import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_LINK_ATTEMPTS, RETRY_DELAY_MS, STUCK_AFTER_MS } from '../peers/link-policy';
import { toBase64Url } from '../crypto/base64url';
import { BEQUEST_GRACE_MS } from '../drops/drop-receiver';
import { HOLD_CARD_MS } from '../drops/cards-in-waiting';
import { RECEIVE_BUDGET } from '../drops/receive-budget';
import { CHUNK_BYTES, MAX_DROP_BYTES } from '../protocol/peer-messages';
import { CHUNK_HEADER_BYTES, encodeChunk } from '../protocol/chunk-frames';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { fakeRoom, photoFile, settle, type FakeLink } from '../../../tests/support/room-fakes';
import {
	ALICE,
	BOB,
	CAROL,
	alerts,
	header,
	inDrops,
	joinWith,
	outDrop,
	peer,
	readyPeer,
	receiveDrop,
	sealedDrop,
	sendOne,
	sendSealed,
	grantOf,
	sentTypes,
	deliveredToThree,
	type Room,
	roomWithReady
} from '../../../tests/support/room-scenarios';

afterEach(() => vi.unstubAllGlobals());

/**
 * Bob's photo (DSCN0010, a view of 10 s, held to view with `hold`), revealed and granted, is being
 * decoded: `createImageBitmap` waits until `decode()` hands back a picture whose `close` is `closed`.
 */
async function decodingPhoto({ hold = false, expiresInMs = 600_000 } = {}) {
	let decoded: ((bitmap: ImageBitmap) => void) | undefined;
	vi.stubGlobal('createImageBitmap', () => new Promise<ImageBitmap>((resolve) => (decoded = resolve)));
	const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
	const options = { views: 1, seconds: 10, hold, expiresAt: room.clock.now() + expiresInMs, caption: '' };
	const drop = await receiveDrop(room, bob, fixtureBytes('DSCN0010.jpg'), {
		width: 640,
		height: 480,
		options
	});
	const card = inDrops(room)[0]!;
	const opening = card.reveal();
	// Asked, not yet granted: no key, so not unveiling.
	expect(card.unveiling).toBe(false);
	bob.say(grantOf(drop));
	await vi.waitFor(() => expect(decoded).toBeDefined());
	const closed = vi.fn();
	const decode = () => decoded!({ width: 640, height: 480, close: closed } as unknown as ImageBitmap);
	return { room, bob, card, opening, decode, closed };
}

describe('connecting: who offers, stuck, retries', () => {
	it('offers to everyone already in the room, and answers newcomers', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		expect(room.linkTo(ALICE).role).toBe('initiator');
		room.signaling.deliver({ type: 'peer-joined', peer: { id: BOB, name: 'Bob' } });
		expect(room.linkTo(BOB).role).toBe('responder');
		expect(room.session.peers.map((p) => p.state)).toEqual(['connecting', 'connecting']);
	});

	it('a ready peer gets its safety code and route, and its attempts start over', async () => {
		const [room] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		expect(peer(room, ALICE).state).toBe('ready');
		expect(peer(room, ALICE).safetyCode).toMatch(/^\d{3} \d{3}$/);
		expect(peer(room, ALICE).route).toBe('direct');
	});

	it('stuck: says why once, the offering side starts over, and gives up after the last attempt', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const first = room.linkTo(ALICE);
		room.clock.advance(STUCK_AFTER_MS);
		expect(alerts(room)).toEqual([expect.stringContaining("Can't reach Alice directly")]);
		expect(first.closedByRoom).toBe(true);
		expect(room.linkTo(ALICE)).not.toBe(first);
		for (let i = 1; i < MAX_LINK_ATTEMPTS; i++) room.clock.advance(STUCK_AFTER_MS);
		expect(peer(room, ALICE).state).toBe('failed');
		expect(peer(room, ALICE).failure).toBe('stuck');
		expect(room.links.filter((l) => l.options.peerId === ALICE)).toHaveLength(MAX_LINK_ATTEMPTS);
		// The alert was given once, not at every attempt.
		expect(alerts(room)).toHaveLength(1);
	});

	it('stuck as the answering side: it waits for the next offer instead of making one', () => {
		const room = fakeRoom();
		joinWith(room, []);
		room.signaling.deliver({ type: 'peer-joined', peer: { id: BOB, name: 'Bob' } });
		room.clock.advance(STUCK_AFTER_MS);
		expect(room.links).toHaveLength(1);
		expect(peer(room, BOB).state).toBe('connecting');
	});

	it('the relay alert says when even the relay could not help', () => {
		const room = fakeRoom();
		room.signaling.deliver({
			type: 'peers',
			self: room.session.selfId,
			peers: [{ id: ALICE, name: 'Alice' }],
			iceServers: [{ urls: 'turn:turn.example.org:3478' }],
			lanUrls: []
		});
		room.clock.advance(STUCK_AFTER_MS);
		expect(alerts(room)[0]).toContain("not even through this server's relay");
	});

	it('a failed link is retried after 1, 2 and 3 s, then the peer is failed with a message', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		for (let attempt = 1; attempt < MAX_LINK_ATTEMPTS; attempt++) {
			const links = room.links.length;
			room.linkTo(ALICE).fail();
			expect(peer(room, ALICE).state).toBe('connecting');
			room.clock.advance(RETRY_DELAY_MS * attempt - 1);
			expect(room.links).toHaveLength(links);
			room.clock.advance(1);
			expect(room.links).toHaveLength(links + 1);
		}
		room.linkTo(ALICE).fail();
		expect(peer(room, ALICE).state).toBe('failed');
		expect(alerts(room)).toContain('Lost the connection to Alice.');
	});

	it('the answering side answers a failed link with a fresh one at once', () => {
		const room = fakeRoom();
		joinWith(room, []);
		room.signaling.deliver({ type: 'peer-joined', peer: { id: BOB, name: 'Bob' } });
		room.linkTo(BOB).fail();
		expect(room.links).toHaveLength(2);
		expect(room.linkTo(BOB).role).toBe('responder');
	});

	it('a device that fails verification is failed at once, and its later signals are ignored', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		room.linkTo(ALICE).fail('unverified');
		expect(peer(room, ALICE).state).toBe('failed');
		expect(alerts(room)[0]).toContain('Could not verify this device (Alice)');
		room.signaling.deliver({ type: 'signal', from: ALICE, data: { v: 1 } });
		expect(room.links).toHaveLength(1);
	});

	it('a fresh offer from the peer is answered on a new link', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const first = room.linkTo(ALICE);
		first.receiveAnswer = 'new-link';
		room.signaling.deliver({ type: 'signal', from: ALICE, data: { offer: 1 } });
		const second = room.linkTo(ALICE);
		expect(second).not.toBe(first);
		expect(second.role).toBe('responder');
		expect(second.received).toEqual([{ offer: 1 }]);
	});

	it('peer-left removes the device; what it held unopened is counted as destroyed', async () => {
		const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room);
		link.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		room.signaling.deliver({ type: 'peer-left', id: ALICE });
		expect(room.session.peers).toEqual([]);
		expect(drop.recipient(ALICE)?.status).toBe('destroyed');
		expect(drop.recipient(ALICE)?.left).toBe(true);
	});
});

describe('the first steps of connecting, which the view waits for', () => {
	it('alone in the room, they are out as soon as the join goes through', () => {
		const room = fakeRoom();
		expect(room.session.firstStepsOut).toBe(false);
		joinWith(room, []);
		expect(room.session.firstStepsOut).toBe(true);
	});

	it('with others here, they are out once this device’s first signal has gone, not before', () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		expect(room.session.joined).toBe(true);
		expect(room.session.firstStepsOut).toBe(false);
		const link = room.linkTo(ALICE);
		link.options.sendSignal(ALICE, {
			v: 2,
			link: 'l1',
			seq: 1,
			role: 'initiator',
			nonce: 'n',
			box: 'b'
		} as never);
		expect(room.signaling.sent.map((m) => m.type)).toContain('signal');
		expect(room.session.firstStepsOut).toBe(true);
		// It stays: a peer that leaves, or a rejoin, does not take the view away again.
		room.signaling.deliver({ type: 'peer-left', id: ALICE });
		expect(room.session.firstStepsOut).toBe(true);
	});

	it('in a code room, the key exchange that goes first as signals is not one of them', () => {
		// A pairing that sends its first message at once and never finishes.
		const room = fakeRoom({
			pairing: (host) => ({
				begin: (peerId) => host.send(peerId, { pake: 'first' }),
				take: () => true,
				end: () => {}
			})
		});
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		expect(room.signaling.sent.map((m) => m.type)).toContain('signal');
		expect(room.session.firstStepsOut).toBe(false);
	});
});

describe('the name clash', () => {
	it('a generated name already in the room is swapped for a free one as the device joins', () => {
		const room = fakeRoom({ names: ['Alice', 'Calm Heron'] });
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Quiet Otter' }
		]);
		expect(room.session.selfName).toBe('Calm Heron');
		expect(room.signaling.sent).toContainEqual({ type: 'rename', name: 'Calm Heron' });
	});

	it('a name the person chose is never changed for them', () => {
		const room = fakeRoom({ names: ['Calm Heron'] });
		room.session.rename('Quiet Otter');
		joinWith(room, [{ id: BOB, name: 'Quiet Otter' }]);
		expect(room.session.selfName).toBe('Quiet Otter');
	});

	it('a free name is kept', () => {
		const room = fakeRoom({ names: ['Calm Heron'] });
		joinWith(room, [{ id: BOB, name: 'Bob' }]);
		expect(room.session.selfName).toBe('Quiet Otter');
		expect(room.signaling.sent).toEqual([]);
	});
});

describe('hostile peers: every rule cuts the peer off, and nobody else', () => {
	const lies: [string, (link: FakeLink, room: Room) => Promise<void> | void][] = [
		[
			'a flood of control messages',
			(l) => {
				for (let i = 0; i < 250; i++) l.say({ t: 'view-answer', id: 'X'.repeat(22), granted: false });
			}
		],
		['garbage text', (l) => l.say('{"t":')],
		[
			'a receipt for a drop it never got',
			(l) => l.say({ t: 'receipt', id: 'X'.repeat(22), status: 'viewed', at: 1 })
		],
		['a view request for a drop it never got', (l) => l.say({ t: 'view-request', id: 'X'.repeat(22) })],
		[
			'a revoke of a drop it did not send',
			(l) => l.say({ t: 'revoke', id: 'X'.repeat(22), reason: 'burned' })
		],
		['an abort of a drop it did not send', (l) => l.say({ t: 'abort', id: 'X'.repeat(22) })],
		[
			'a header over the cap',
			async (l) => l.say(await header(new Uint8Array(10), { size: MAX_DROP_BYTES + 1 }))
		],
		[
			'two headers on one stream',
			async (l) => {
				l.say(await header(new Uint8Array(100_000)));
				l.say(await header(new Uint8Array(100_000)));
			}
		],
		[
			'more drops arriving at once than allowed',
			async (l) => {
				for (let s = 1; s <= 5; s++) l.say(await header(new Uint8Array(100_000), { stream: s }));
			}
		],
		['a chunk for no drop', (l) => l.chunk(42, new Uint8Array(100))],
		[
			'a short chunk mid-drop',
			async (l) => {
				l.say(await header(new Uint8Array(300_000)));
				l.chunk(1, new Uint8Array(10));
			}
		],
		[
			'more bytes than promised',
			async (l) => {
				l.say(await header(new Uint8Array(1000)));
				l.chunk(1, new Uint8Array(CHUNK_BYTES));
			}
		],
		[
			'a wrong hash',
			async (l) => {
				const drop = await sealedDrop(new Uint8Array(10));
				sendSealed(l, { ...drop, sha256: '0'.repeat(64) });
			}
		],
		['garbage bytes', (l) => l.options.onBinary(new Uint8Array([1, 2]).buffer)]
	];

	for (const [lie, tell] of lies) {
		it(lie, async () => {
			const [room, mallory, bob] = await roomWithReady([
				{ id: ALICE, name: 'Mallory' },
				{ id: BOB, name: 'Bob' }
			]);
			const honest = await receiveDrop(room, bob, new Uint8Array(5000).fill(9));
			await tell(mallory, room);
			await vi.waitFor(() => expect(peer(room, ALICE).state).toBe('failed'));
			expect(peer(room, ALICE).failure).toBe('hostile');
			expect(mallory.closedByRoom).toBe(true);
			expect(alerts(room)).toContain(
				'Mallory sent data that breaks the protocol and was disconnected. Nothing it sent was kept.'
			);
			for (const d of inDrops(room).filter((d) => d.fromId === ALICE)) {
				expect(['failed', 'receiving']).toContain(d.state);
			}
			// The honest peer and its drop live on.
			expect(peer(room, BOB).state).toBe('ready');
			expect(inDrops(room).find((d) => d.id === honest.header.id && d.fromId === BOB)?.state).toBe('sealed');
		});
	}

	it('the card of a drop of one chunk goes on screen once its bytes are in, already sealed', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const small = await sealedDrop(new Uint8Array(5000).fill(4), { stream: 2 });
		const large = await sealedDrop(new Uint8Array(2 * CHUNK_BYTES).fill(5), { stream: 3 });
		bob.say(large.header);
		expect(inDrops(room).map((d) => d.state)).toEqual(['receiving']);
		bob.say(small.header);
		// Not on screen, but the receiver's: its bytes are taken, and the budget counts it.
		expect(inDrops(room)).toHaveLength(1);
		bob.chunk(small.header.stream, small.chunks[0]!.slice());
		bob.say({ t: 'drop-end', id: small.header.id, stream: small.header.stream, sha256: small.sha256 });
		await vi.waitFor(() => expect(inDrops(room)).toHaveLength(2));
		expect(inDrops(room).find((d) => d.id === small.header.id)?.state).toBe('sealed');
		expect(peer(room, BOB).state).toBe('ready');
	});

	it('a drop of one chunk whose bytes do not come shows as receiving a moment later, then fails', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const small = await sealedDrop(new Uint8Array(5000).fill(4));
		bob.say(small.header);
		expect(inDrops(room)).toHaveLength(0);
		room.clock.advance(HOLD_CARD_MS);
		expect(inDrops(room).map((d) => d.state)).toEqual(['receiving']);
		room.clock.advance(2 * RECEIVE_BUDGET.stallMs);
		expect(inDrops(room).map((d) => d.state)).toEqual(['failed']);
	});

	it('an honest drop from a peer is accepted whole', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		await receiveDrop(room, bob, new Uint8Array(3 * CHUNK_BYTES + 5).fill(7));
		expect(inDrops(room)[0]?.state).toBe('sealed');
		expect(bob.channel!.messages()).toContainEqual(
			expect.objectContaining({ t: 'receipt', status: 'delivered' })
		);
	});
});

describe('view grants', () => {
	const threeRecipients = deliveredToThree;

	const answers = (l: FakeLink) => l.channel!.messages().filter((m) => m.t === 'view-answer');

	it('views = 2 among three: two are granted, the third refused and expired', async () => {
		const { drop, links } = await threeRecipients(2);
		const [a, b, c] = links;
		a.say({ t: 'view-request', id: drop.id });
		b.say({ t: 'view-request', id: drop.id });
		expect(answers(a)).toEqual([expect.objectContaining({ granted: true })]);
		expect(answers(b)).toEqual([expect.objectContaining({ granted: true })]);
		// The last view taken revoked Carol's unopened copy.
		expect(c.channel!.messages()).toContainEqual({ t: 'revoke', id: drop.id, reason: 'no-views' });
		expect(drop.recipient(CAROL)?.status).toBe('expired');
		c.say({ t: 'view-request', id: drop.id });
		expect(answers(c)).toEqual([expect.objectContaining({ granted: false })]);
		expect(drop.viewsLeft).toBe(0);
		expect(drop.copy).toBeNull();
	});

	it('unlimited views: everyone is granted, and the copy stays for late joiners', async () => {
		const { drop, links } = await threeRecipients(0);
		for (const l of links) l.say({ t: 'view-request', id: drop.id });
		for (const l of links) expect(answers(l)).toEqual([expect.objectContaining({ granted: true })]);
		expect(drop.copy).not.toBeNull();
	});

	it('the recipient asks its sender, and opens only with a yes', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const { header: h } = await receiveDrop(room, bob, new Uint8Array(500).fill(3));
		const card = inDrops(room)[0]!;
		const opening = card.reveal();
		expect(bob.channel!.messages()).toContainEqual({ t: 'view-request', id: h.id });
		bob.say({ t: 'view-answer', id: h.id, granted: false });
		await opening;
		expect(card.state).toBe('expired');
	});

	it('a granted view opens with the key that came with it', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const drop = await receiveDrop(room, bob, fixtureBytes('DSCN0010.jpg'), { width: 640, height: 480 });
		const card = inDrops(room)[0]!;
		const opening = card.reveal();
		bob.say(grantOf(drop));
		await opening;
		// Node has no image decoder, so the one view ends at once: it was opened, not refused.
		expect(card.state).toBe('destroyed');
		expect(sentTypes(bob)).toEqual(['receipt', 'view-request', 'receipt']);
	});

	it('a granted photo is unveiling while decoded; closed then, its view ends the moment it starts', async () => {
		const { bob, card, opening, decode, closed } = await decodingPhoto();
		// Being decoded, the key in hand: unveiling, not yet viewing.
		expect(card.unveiling).toBe(true);
		expect(card.state).toBe('sealed');
		card.close();
		decode();
		await opening;
		expect(card.unveiling).toBe(false);
		expect(card.state).toBe('destroyed');
		expect(closed).toHaveBeenCalled();
		const receipts = bob.channel!.messages().filter((m) => m.t === 'receipt');
		expect(receipts.map((m) => (m as { status: string }).status).slice(-2)).toEqual(['viewed', 'destroyed']);
	});

	it('the page left while a granted photo decodes: its picture is let go, never shown', async () => {
		const { room, card, opening, decode, closed } = await decodingPhoto();
		room.session.leave();
		decode();
		await opening;
		expect(card.state).not.toBe('viewing');
		expect(card.bitmap).toBeNull();
		expect(closed).toHaveBeenCalled();
	});

	it('a granted photo not closed meanwhile is on screen once decoded, and its countdown runs', async () => {
		const { room, card, opening, decode } = await decodingPhoto();
		decode();
		await opening;
		expect(card.unveiling).toBe(false);
		expect(card.state).toBe('viewing');
		expect(card.bitmap).not.toBeNull();
		room.clock.advance(10_000);
		expect(card.state).toBe('destroyed');
	});

	it('a granted photo reads its whole view time while unveiling, not 0 s before its countdown', async () => {
		const { card, opening, decode } = await decodingPhoto();
		expect(card.secondsLeft).toBe(10);
		decode();
		await opening;
		expect(card.secondsLeft).toBe(10);
	});

	it('a hold-to-view press that starts while the photo unveils holds it as soon as it shows', async () => {
		const { card, opening, decode } = await decodingPhoto({ hold: true });
		card.press();
		decode();
		await opening;
		expect(card.state).toBe('viewing');
		expect(card.holding).toBe(true);
		card.release();
		expect(card.state).toBe('destroyed');
	});

	it('a hold-to-view press let go while the photo unveils is over: the photo shows, not held', async () => {
		const { card, opening, decode } = await decodingPhoto({ hold: true });
		card.press();
		card.release();
		decode();
		await opening;
		expect(card.state).toBe('viewing');
		expect(card.holding).toBe(false);
	});

	it('a sender that does not answer within 10 s: the drop stays sealed, and says the sender is away', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		await receiveDrop(room, bob, new Uint8Array(500).fill(3));
		const card = inDrops(room)[0]!;
		const opening = card.reveal();
		room.clock.advance(10_000);
		await opening;
		expect(card.state).toBe('sealed');
		expect(card.senderAway).toBe(true);
	});
});

describe('the sender leaves', () => {
	it('a key that lands after the server said the sender left still opens the drop', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const drop = await receiveDrop(room, bob, fixtureBytes('DSCN0010.jpg'), { width: 640, height: 480 });
		const card = inDrops(room)[0]!;
		// The server's word overtakes the bequest still on the data channel.
		room.signaling.deliver({ type: 'peer-left', id: BOB });
		bob.say({ t: 'key', id: drop.header.id, key: toBase64Url(drop.key) });
		room.clock.advance(BEQUEST_GRACE_MS);
		expect(card.state).toBe('sealed');
		expect(card.senderLeft).toBe(false);
		await card.reveal();
		expect(card.state).toBe('destroyed');
	});

	it('a sender that leaves while its granted photo decodes: the key is in hand, the view goes on', async () => {
		const { room, card, opening, decode } = await decodingPhoto();
		room.signaling.deliver({ type: 'peer-left', id: BOB });
		room.clock.advance(BEQUEST_GRACE_MS);
		expect(card.state).toBe('sealed');
		expect(card.senderLeft).toBe(false);
		decode();
		await opening;
		expect(card.state).toBe('viewing');
		expect(card.bitmap).not.toBeNull();
	});

	it('without a key by the end of the grace, the drop expires and says the sender left', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		await receiveDrop(room, bob, new Uint8Array(500).fill(3));
		const card = inDrops(room)[0]!;
		room.signaling.deliver({ type: 'peer-left', id: BOB });
		room.clock.advance(BEQUEST_GRACE_MS - 1);
		expect(card.state).toBe('sealed');
		room.clock.advance(1);
		expect(card.state).toBe('expired');
		expect(card.senderLeft).toBe(true);
	});
});

describe('burn and expiry', () => {
	it('a drop whose time runs out while its granted photo decodes: the view was granted in time, and goes on', async () => {
		const { room, bob, card, opening, decode } = await decodingPhoto({ expiresInMs: 5 });
		room.clock.advance(5);
		expect(card.state).toBe('sealed');
		decode();
		await opening;
		expect(card.state).toBe('viewing');
		const statuses = bob.channel!.messages().flatMap((m) => (m.t === 'receipt' ? [m.status] : []));
		expect(statuses).not.toContain('expired');
		expect(statuses).toContain('viewed');
	});

	it('burn takes the drop back from everyone who has not opened it, and zeroes the copy', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room);
		const bytes = room.preparation.outputs[0]!.bytes;
		alice.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		room.session.burn(drop);
		expect(alice.channel!.messages()).toContainEqual({ t: 'revoke', id: drop.id, reason: 'burned' });
		expect(drop.state).toBe('burned');
		expect(drop.recipient(ALICE)?.status).toBe('burned');
		expect(bytes.every((b) => b === 0)).toBe(true);
	});

	it('an unopened drop expires on both sides at its time', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room, { expiry: { kind: 'minutes', minutes: 1 } });
		alice.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
		const h = await receiveDrop(room, alice, new Uint8Array(100).fill(1), {
			options: {
				views: 1,
				seconds: 10,
				hold: false,
				expiresAt: room.clock.now() + 60_000 - HOLD_CARD_MS,
				caption: ''
			}
		});
		// `sendOne` waited HOLD_CARD_MS for the card, after the drop's expiry was set.
		room.clock.advance(59_999 - HOLD_CARD_MS);
		expect(drop.state).toBe('sent');
		room.clock.advance(1);
		expect(drop.state).toBe('expired');
		expect(alice.channel!.messages()).toContainEqual({ t: 'revoke', id: drop.id, reason: 'expired' });
		expect(inDrops(room).find((d) => d.id === h.header.id)?.state).toBe('expired');
	});
});

describe('late joiners', () => {
	it('a live drop reaches a device that joins later', async () => {
		const room = fakeRoom();
		joinWith(room, []);
		const drop = await sendOne(room, { views: 3 });
		expect(drop.recipients).toEqual([]);
		const carol = await readyPeer(room, CAROL, 'Carol');
		await vi.waitFor(() => expect(sentTypes(carol)).toEqual(['drop', 'drop-end']));
		expect(drop.recipient(CAROL)?.status).toBe('sending');
	});

	it('a burned drop, or one picked for others, never reaches a late joiner', async () => {
		const [room] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const picked = await sendOne(room, { recipients: [ALICE] });
		room.session.sendFiles([photoFile()]);
		await room.session.preparing;
		const burned = outDrop(room);
		room.session.burn(burned);
		const carol = await readyPeer(room, CAROL, 'Carol');
		await settle();
		expect(picked.recipient(CAROL)).toBeUndefined();
		expect(burned.recipient(CAROL)).toBeUndefined();
		expect(carol.channel!.messages()).toEqual([]);
	});

	it('a drop queued for a connecting peer goes once the peer is ready', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const drop = await sendOne(room);
		expect(drop.recipient(ALICE)?.status).toBe('queued');
		const alice = await readyPeer(room, ALICE, 'Alice');
		await vi.waitFor(() => expect(sentTypes(alice)).toEqual(['drop', 'drop-end']));
	});
});

describe('a file that cannot be prepared', () => {
	it('is taken off the page with an alert, and nothing is sent', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		room.session.sendFiles([photoFile(0, 'broken.jpg')]);
		await room.session.preparing;
		expect(room.session.drops).toEqual([]);
		expect(alerts(room)).toEqual(['"broken.jpg": Not a photo. Nothing was sent.']);
		expect(alice.channel!.sent).toEqual([]);
	});
});

describe('the card of a drop sent', () => {
	const outCards = (room: Room) => room.session.drops.filter((d) => d.direction === 'out');

	it('goes on screen once its copies arrived, already delivered, and only once', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const timersBefore = room.clock.pending;
		room.session.sendFiles([photoFile()]);
		await room.session.preparing;
		await vi.waitFor(() => expect(sentTypes(alice)).toContain('drop-end'));
		// Its copy is on its way: no card yet, and no render of a card that is about to change.
		expect(outCards(room)).toEqual([]);
		const id = alice.channel!.messages().find((m) => m.t === 'drop')!.id as string;
		alice.say({ t: 'receipt', id, status: 'delivered', at: room.clock.now() });
		await settle();
		const [card, ...more] = outCards(room);
		expect(more).toEqual([]);
		expect(card?.id).toBe(id);
		expect(outDrop(room).recipient(ALICE)?.status).toBe('delivered');
		// Its wait's timer went with it; the drop's own expiry stays.
		expect(room.clock.pending).toBe(timersBefore + 1);
	});

	it('with nobody to send it to, is on screen as soon as it is prepared', async () => {
		const room = fakeRoom();
		joinWith(room, []);
		room.session.sendFiles([photoFile()]);
		await room.session.preparing;
		expect(outCards(room)).toHaveLength(1);
		expect(outDrop(room).state).not.toBe('preparing');
	});

	it('shows as preparing after HOLD_CARD_MS when preparation takes longer, then goes on', async () => {
		const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		room.preparation.auto = false;
		room.session.sendFiles([photoFile()]);
		await settle();
		room.clock.advance(HOLD_CARD_MS - 1);
		expect(outCards(room)).toEqual([]);
		room.clock.advance(1);
		expect(outDrop(room).state).toBe('preparing');
		room.preparation.waiting[0]!.resolve();
		await room.session.preparing;
		await vi.waitFor(() => expect(sentTypes(alice)).toContain('drop-end'));
		expect(outCards(room)).toHaveLength(1);
		expect(outDrop(room).recipient(ALICE)?.status).toBe('sending');
	});

	it('is never shown for a file that fails before HOLD_CARD_MS, and leaves no timer', async () => {
		const [room] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		const timersBefore = room.clock.pending;
		room.session.sendFiles([photoFile(0, 'broken.jpg')]);
		// Not on screen while it is being prepared.
		expect(outCards(room)).toEqual([]);
		await room.session.preparing;
		await settle();
		room.clock.advance(HOLD_CARD_MS);
		expect(outCards(room)).toEqual([]);
		expect(alerts(room)).toEqual(['"broken.jpg": Not a photo. Nothing was sent.']);
		expect(room.clock.pending).toBe(timersBefore);
	});
});

describe('the page going away (pagehide)', () => {
	it('zeroes what is still arriving: both drops fail, and their sender is not taken for a liar', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const small = await sealedDrop(new Uint8Array(5000).fill(4), { stream: 2 });
		const large = await sealedDrop(new Uint8Array(2 * CHUNK_BYTES).fill(5), { stream: 3 });
		// The frames as they came off the channel: the receiver keeps each chunk in its frame.
		const frames = [
			encodeChunk(large.header.stream, large.chunks[0]!).slice(),
			encodeChunk(small.header.stream, small.chunks[0]!).slice()
		];
		bob.say(large.header);
		bob.options.onBinary(frames[0]!.buffer);
		bob.say(small.header);
		bob.options.onBinary(frames[1]!.buffer);
		expect(inDrops(room)).toHaveLength(1);
		const payloads = frames.map((f) => f.subarray(CHUNK_HEADER_BYTES));
		expect(payloads.every((p) => p.some((b) => b !== 0))).toBe(true);

		room.session.leave();

		expect(payloads.map((p) => p.some((b) => b !== 0))).toEqual([false, false]);
		// The page may come back from the browser's cache: what its sender still sends is let fall.
		bob.say({ t: 'drop-end', id: small.header.id, stream: small.header.stream, sha256: small.sha256 });
		bob.chunk(large.header.stream, large.chunks[1]!.slice());
		room.clock.advance(HOLD_CARD_MS);
		await settle();
		expect(inDrops(room).map((d) => [d.id, d.state])).toEqual(
			expect.arrayContaining([
				[large.header.id, 'failed'],
				[small.header.id, 'failed']
			])
		);
		expect(peer(room, BOB).state).toBe('ready');
		expect(bob.closedByRoom).toBe(false);
		expect(room.session.busy).toBe(false);
	});
});

describe('stop() leaves nothing behind', () => {
	it('wipes what was sent and received, abandons a photo in preparation, and clears every timer', async () => {
		const room = fakeRoom();
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Bob' }
		]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		room.clock.advance(1000);
		const sent = await sendOne(room);
		const sentBytes = room.preparation.outputs[0]!.bytes;
		await receiveDrop(room, alice, new Uint8Array(700).fill(5));
		const received = inDrops(room)[0]!;
		// One more photo is still being prepared when the page is left.
		room.preparation.auto = false;
		room.session.sendFiles([photoFile(2000, 'late.jpg')]);
		await settle();
		expect(room.preparation.waiting).toHaveLength(1);
		expect(room.clock.pending).toBeGreaterThan(0);

		room.session.stop();
		await room.session.preparing;
		await settle();

		expect(room.preparation.waiting[0]!.signal.aborted).toBe(true);
		expect(room.preparation.outputs).toHaveLength(1);
		expect(room.session.drops.some((d) => d.direction === 'out' && d.fileName === 'late.jpg')).toBe(false);
		expect(alerts(room)).toEqual([]);
		expect(sent.copy).toBeNull();
		expect(sentBytes.every((b) => b === 0)).toBe(true);
		expect(received.bitmap).toBeNull();
		expect(room.clock.pending).toBe(0);
		expect(room.session.peers).toEqual([]);
		expect(room.links.every((l) => l.closedByRoom)).toBe(true);
		expect(room.signaling.closed).toBe(true);
	});
});
