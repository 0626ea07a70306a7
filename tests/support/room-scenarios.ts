/** Scenes of a room's life for the room core's unit tests: peers joining, drops both ways. */
import { expect, vi } from 'vitest';
import { randomToken, toBase64Url } from '../../src/lib/crypto/base64url';
import { ChunkedDigest } from '../../src/lib/crypto/chunked-digest';
import { describeCopy, newDropKey, sealChunk } from '../../src/lib/crypto/drop-sealing';
import { loadJsAead } from '../../src/lib/crypto/open-sealed';
import type { IncomingDrop } from '../../src/lib/drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../../src/lib/drops/outgoing-drop.svelte';
import { HOLD_CARD_MS } from '../../src/lib/drops/cards-in-waiting';
import type { DropHeader, PeerMessage } from '../../src/lib/protocol/peer-messages';
import { fakeRoom, peerId, photoFile, settle, type FakeLink } from './room-fakes';

export type Room = ReturnType<typeof fakeRoom>;

export const ALICE = peerId('A');
export const BOB = peerId('B');
export const CAROL = peerId('C');

/** The room joins and finds `peers` there; it offers to each. */
export function joinWith(room: Room, peers: { id: string; name: string }[]): void {
	room.signaling.joined(room.session.selfId, peers);
}

/**
 * A fresh room (made with `options`) that joins and finds `peers` there, each then ready with an
 * open data channel, in order: the room, then each peer's link in the same order.
 */
export async function roomWithReady<const P extends readonly { id: string; name: string }[]>(
	peers: P,
	options?: Parameters<typeof fakeRoom>[0]
): Promise<[Room, ...{ -readonly [K in keyof P]: FakeLink }]> {
	const room = fakeRoom(options);
	joinWith(room, [...peers]);
	const links: FakeLink[] = [];
	for (const p of peers) links.push(await readyPeer(room, p.id, p.name));
	return [room, ...(links as { -readonly [K in keyof P]: FakeLink })];
}

/**
 * A peer in the room with an open data channel, which then runs the safety exchange honestly,
 * saying it is called `says` (by default the name the server listed).
 */
export async function readyPeer(room: Room, id: string, name: string, says?: string): Promise<FakeLink> {
	if (!room.session.peers.some((p) => p.id === id)) {
		room.signaling.deliver({ type: 'peer-joined', peer: { id, name } });
	}
	const link = room.linkTo(id);
	if (says !== undefined) link.peerName = says;
	link.open();
	await settle();
	return link;
}

export function peer(room: Room, id: string) {
	const p = room.session.peers.find((x) => x.id === id);
	if (!p) throw new Error('no such peer');
	return p;
}

export function outDrop(room: Room): OutgoingDrop {
	const d = room.session.drops.find((x): x is OutgoingDrop => x.direction === 'out');
	if (!d) throw new Error('no outgoing drop');
	return d;
}

export function inDrops(room: Room): IncomingDrop[] {
	return room.session.drops.filter((x): x is IncomingDrop => x.direction === 'in');
}

export function alerts(room: Room): string[] {
	return room.session.alerts.items.map((a) => a.text);
}

/** A header as an honest sender would make it for `plain` (sealed size, a fresh salt). */
export async function header(plain: Uint8Array, over: Partial<DropHeader> = {}): Promise<DropHeader> {
	return (await sealedDrop(plain, over)).header;
}

/** A drop sealed as an honest sender seals it: its header, wire chunks, key and digest. */
export interface SealedTestDrop {
	header: DropHeader;
	chunks: Uint8Array[];
	key: Uint8Array;
	sha256: string;
}

export async function sealedDrop(plain: Uint8Array, over: Partial<DropHeader> = {}): Promise<SealedTestDrop> {
	const id = over.id ?? randomToken(16);
	const copy = describeCopy(id, plain.length, over.cipher ?? 'xchacha20poly1305');
	const aead = await loadJsAead(copy.cipher);
	const key = newDropKey();
	const digest = new ChunkedDigest();
	const chunks = Array.from({ length: copy.chunks }, (_, i) => {
		const chunk = sealChunk(aead, key, copy, plain, i);
		digest.add(chunk);
		return chunk;
	});
	const header = {
		t: 'drop',
		id,
		stream: 1,
		kind: 'photo',
		mime: 'image/jpeg',
		size: copy.size,
		salt: toBase64Url(copy.salt),
		cipher: copy.cipher,
		width: 10,
		height: 10,
		options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600_000, caption: '' },
		...over
	} as DropHeader;
	return { header, chunks, key: key.slice(), sha256: await digest.hex() };
}

/** The peer sends a sealed drop: header, chunks, then its digest. */
export function sendSealed(link: FakeLink, drop: SealedTestDrop): void {
	link.say(drop.header);
	for (const chunk of drop.chunks) link.chunk(drop.header.stream, chunk.slice());
	link.say({ t: 'drop-end', id: drop.header.id, stream: drop.header.stream, sha256: drop.sha256 });
}

/** The sender's yes to a view request, with the copy's key. */
export function grantOf(drop: SealedTestDrop): PeerMessage {
	return { t: 'view-answer', id: drop.header.id, granted: true, key: toBase64Url(drop.key) };
}

/** The peer sends this device a whole drop; resolves once its digest was checked. */
export async function receiveDrop(
	room: Room,
	link: FakeLink,
	plain: Uint8Array,
	over: Partial<DropHeader> = {}
): Promise<SealedTestDrop> {
	const drop = await sealedDrop(plain, over);
	sendSealed(link, drop);
	// A drop of one chunk has no card on screen until its bytes are in (`CardsInWaiting`).
	await vi.waitFor(() =>
		expect(inDrops(room).find((d) => d.id === drop.header.id)?.state ?? 'receiving').not.toBe('receiving')
	);
	return drop;
}

/** Sends one photo from the room and waits for it to go out. */
export async function sendOne(
	room: Room,
	options: Partial<Room['session']['options']> = {}
): Promise<OutgoingDrop> {
	Object.assign(room.session.options, options);
	room.session.sendFiles([photoFile()]);
	await room.session.preparing;
	// The card waits off screen for its copies' receipts, which these fake peers don't send
	// (`CardsInWaiting`): it is on screen after `HOLD_CARD_MS`.
	room.clock.advance(HOLD_CARD_MS);
	const drop = outDrop(room);
	// Every ready recipient has the header and the copy's first bytes.
	await vi.waitFor(() => {
		for (const r of drop.recipients) {
			if (room.session.peers.find((p) => p.id === r.peerId)?.state === 'ready') {
				const channel = room.linkTo(r.peerId).channel!;
				expect(channel.messages().some((m) => m.id === drop.id)).toBe(true);
				expect(channel.chunks().length).toBeGreaterThan(0);
			}
		}
	});
	return drop;
}

export const sentTypes = (link: FakeLink) => link.channel!.messages().map((m) => m.t);

/** Alice, Bob and Carol ready in the room, each holding one drop sent with `views`. */
export async function deliveredToThree(views: number) {
	const [room, ...links] = await roomWithReady([
		{ id: ALICE, name: 'Alice' },
		{ id: BOB, name: 'Bob' },
		{ id: CAROL, name: 'Carol' }
	]);
	const drop = await sendOne(room, { views });
	for (const l of links) l.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
	return { room, drop, links };
}
