/** Scenes of a room's life for the room core's unit tests: peers joining, drops both ways. */
import { expect, vi } from 'vitest';
import { randomToken } from '../../src/lib/crypto/base64url';
import { sha256Hex } from '../../src/lib/crypto/sha256-digest';
import type { IncomingDrop } from '../../src/lib/drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../../src/lib/drops/outgoing-drop.svelte';
import { CHUNK_BYTES, type DropHeader } from '../../src/lib/protocol/peer-messages';
import { fakeRoom, peerId, photoFile, settle, type FakeLink } from './room-fakes';

export type Room = ReturnType<typeof fakeRoom>;

export const ALICE = peerId('A');
export const BOB = peerId('B');
export const CAROL = peerId('C');

/** The room joins and finds `peers` there; it offers to each. */
export function joinWith(room: Room, peers: { id: string; name: string }[]): void {
	room.signaling.joined(room.session.selfId, peers);
}

/** A peer in the room with an open data channel. */
export async function readyPeer(room: Room, id: string, name: string): Promise<FakeLink> {
	if (!room.session.peers.some((p) => p.id === id)) {
		room.signaling.deliver({ type: 'peer-joined', peer: { id, name } });
	}
	const link = room.linkTo(id);
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

export async function header(bytes: Uint8Array, over: Partial<DropHeader> = {}): Promise<DropHeader> {
	return {
		t: 'drop',
		id: randomToken(16),
		stream: 1,
		mime: 'image/jpeg',
		size: bytes.length,
		sha256: await sha256Hex(bytes),
		width: 10,
		height: 10,
		options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600_000, caption: '' },
		...over
	};
}

/** The peer sends this device a whole drop; resolves once its hash was checked. */
export async function receiveDrop(
	room: Room,
	link: FakeLink,
	bytes: Uint8Array,
	over: Partial<DropHeader> = {}
) {
	const h = await header(bytes, over);
	link.say(h);
	for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
		link.chunk(h.stream, bytes.subarray(i, i + CHUNK_BYTES));
	}
	await vi.waitFor(() => expect(inDrops(room).find((d) => d.id === h.id)?.state).not.toBe('receiving'));
	return h;
}

/** Sends one photo from the room and waits for it to go out. */
export async function sendOne(
	room: Room,
	options: Partial<Room['session']['options']> = {}
): Promise<OutgoingDrop> {
	Object.assign(room.session.options, options);
	room.session.sendFiles([photoFile()]);
	await room.session.preparing;
	const drop = outDrop(room);
	// Every ready recipient has the header (the hash is taken first).
	await vi.waitFor(() => {
		for (const r of drop.recipients) {
			if (room.session.peers.find((p) => p.id === r.peerId)?.state === 'ready') {
				expect(
					room
						.linkTo(r.peerId)
						.channel!.messages()
						.some((m) => m.id === drop.id)
				).toBe(true);
			}
		}
	});
	return drop;
}

export const sentTypes = (link: FakeLink) => link.channel!.messages().map((m) => m.t);

/** Alice, Bob and Carol ready in the room, each holding one drop sent with `views`. */
export async function deliveredToThree(views: number) {
	const room = fakeRoom();
	joinWith(room, [
		{ id: ALICE, name: 'Alice' },
		{ id: BOB, name: 'Bob' },
		{ id: CAROL, name: 'Carol' }
	]);
	const links: [FakeLink, FakeLink, FakeLink] = [
		await readyPeer(room, ALICE, 'Alice'),
		await readyPeer(room, BOB, 'Bob'),
		await readyPeer(room, CAROL, 'Carol')
	];
	const drop = await sendOne(room, { views });
	for (const l of links) l.say({ t: 'receipt', id: drop.id, status: 'delivered', at: room.clock.now() });
	return { room, drop, links };
}
