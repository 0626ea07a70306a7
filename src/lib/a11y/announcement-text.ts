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

/** A countdown is announced once more when it reaches this many seconds. */
export const LAST_SECONDS = 5;

/** `1 second`, `10 seconds`: in the page's language, with its plural forms. */
export function secondsText(n: number): string {
	return m.announce_seconds({ count: n });
}

function peerText(before: PeerSnapshot | undefined, now: PeerSnapshot): string | null {
	if (before?.state === now.state) return null;
	const name = now.name;
	if (now.state === 'ready') return m.announce_peer_ready({ name });
	if (now.state === 'failed') return m.announce_peer_failed({ name });
	if (now.state === 'closed' && before) return m.announce_peer_left({ name });
	return null;
}

/** What a sentence about a drop takes: its kind chooses the noun (and, in many languages, the grammar). */
type DropSentence = (inputs: { kind: DropKind; name: string }) => string;

const INCOMING_END: Partial<Record<InState, DropSentence>> = {
	destroyed: m.announce_drop_destroyed,
	expired: m.announce_drop_expired,
	burned: m.announce_drop_burned,
	failed: m.announce_drop_failed
};

function incomingText(before: IncomingSnapshot | undefined, now: IncomingSnapshot): string | null {
	const drop = { kind: now.kind, name: now.fromName };
	if (before?.state !== now.state) {
		if (now.state === 'sealed') return m.announce_drop_sealed(drop);
		const ended = INCOMING_END[now.state];
		if (ended) return ended(drop);
	}
	const was = before?.secondsLeft ?? 0;
	const left = now.secondsLeft;
	if (now.state !== 'viewing' || left === was || left === 0) return null;
	if (was === 0) return m.announce_view_started({ count: left });
	if (was > LAST_SECONDS && left <= LAST_SECONDS) return m.announce_view_last_seconds({ count: left });
	return null;
}

const RECEIPT: Partial<Record<RecipientStatus, DropSentence>> = {
	delivered: m.announce_receipt_delivered,
	viewed: m.announce_receipt_viewed,
	destroyed: m.announce_receipt_destroyed,
	expired: m.announce_receipt_expired,
	failed: m.announce_receipt_failed
};

function receiptText(before: ReceiptSnapshot | undefined, now: ReceiptSnapshot): string | null {
	if (before?.status === now.status) return null;
	return RECEIPT[now.status]?.({ kind: now.kind, name: now.peerName }) ?? null;
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
export function announcements(before: RoomSnapshot, now: RoomSnapshot): string[] {
	return [
		...changes(before.peers, now.peers, peerText),
		...peersGone(before.peers, now.peers),
		...changes(before.incoming, now.incoming, incomingText),
		...changes(before.receipts, now.receipts, receiptText)
	];
}
