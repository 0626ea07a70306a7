import { m } from '../paraglide/messages';
import type { InState, RecipientStatus } from '../drops/drop-lifecycle';
import type { DropKind } from '../protocol/peer-messages';
import type { LinkState } from '../webrtc/peer-link';

/**
 * What a screen reader hears of a room, decided from two snapshots of it: the one announced last
 * and the one now. Only changes are spoken: a peer ready, failed or gone; a drop arrived; a view's
 * start and its last seconds (not every tick); a drop's end; each receipt.
 */
export interface PeerSnapshot {
	id: string;
	name: string;
	state: LinkState;
}

export interface IncomingSnapshot {
	key: string;
	kind: DropKind;
	fromName: string;
	state: InState;
	/** Seconds left of the view on screen, 0 when no countdown runs. */
	secondsLeft: number;
}

export interface ReceiptSnapshot {
	/** The drop's key and the recipient's id: unique on the page. */
	key: string;
	kind: DropKind;
	peerName: string;
	status: RecipientStatus;
}

export interface RoomSnapshot {
	peers: readonly PeerSnapshot[];
	incoming: readonly IncomingSnapshot[];
	receipts: readonly ReceiptSnapshot[];
}

export const EMPTY_ROOM: RoomSnapshot = { peers: [], incoming: [], receipts: [] };

function peerText(before: PeerSnapshot | undefined, now: PeerSnapshot): string | null {
	if (before?.state === now.state) return null;
	const name = now.name;
	if (now.state === 'ready') return m.announce_peer_ready({ name });
	if (now.state === 'failed') return m.announce_peer_failed({ name });
	if (now.state === 'closed' && before) return m.announce_peer_left({ name });
	return null;
}

/** What is said of the drops: `drop-announcements.ts`, loaded with the first drop on the page. */
export interface DropAnnouncer {
	incoming(before: IncomingSnapshot | undefined, now: IncomingSnapshot): string | null;
	receipt(before: ReceiptSnapshot | undefined, now: ReceiptSnapshot): string | null;
}

/** Whether `room` holds a drop: only a `DropAnnouncer` can say what changed about it. */
export function hasDrops(room: RoomSnapshot): boolean {
	return room.incoming.length > 0 || room.receipts.length > 0;
}

function changes<T extends { key: string } | { id: string }>(
	before: readonly T[],
	now: readonly T[],
	text: (before: T | undefined, now: T) => string | null
): string[] {
	const keyOf = (t: T) => ('key' in t ? t.key : t.id);
	const old = new Map(before.map((t) => [keyOf(t), t]));
	return now.map((t) => text(old.get(keyOf(t)), t)).filter((t): t is string => t !== null);
}

/** A peer no longer listed left, unless it had already failed or left on screen. */
function peersGone(before: readonly PeerSnapshot[], now: readonly PeerSnapshot[]): string[] {
	const ids = new Set(now.map((p) => p.id));
	return before
		.filter((p) => !ids.has(p.id) && p.state !== 'failed' && p.state !== 'closed')
		.map((p) => m.announce_peer_left({ name: p.name }));
}

/** Every sentence worth saying about the change from `before` to `now`, in order. */
export function announcements(before: RoomSnapshot, now: RoomSnapshot, drops: DropAnnouncer): string[] {
	return [
		...changes(before.peers, now.peers, peerText),
		...peersGone(before.peers, now.peers),
		...changes(before.incoming, now.incoming, (b, n) => drops.incoming(b, n)),
		...changes(before.receipts, now.receipts, (b, n) => drops.receipt(b, n))
	];
}
