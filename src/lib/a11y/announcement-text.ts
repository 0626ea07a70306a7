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

const NOUN: Record<DropKind, string> = { photo: 'photo', text: 'text', video: 'video' };

export function secondsText(n: number): string {
	return n === 1 ? '1 second' : `${n} seconds`;
}

function peerText(before: PeerSnapshot | undefined, now: PeerSnapshot): string | null {
	if (before?.state === now.state) return null;
	if (now.state === 'ready') return `${now.name} is connected and ready.`;
	if (now.state === 'failed') return `Could not connect to ${now.name}.`;
	if (now.state === 'closed' && before) return `${now.name} left.`;
	return null;
}

const INCOMING_END: Partial<Record<InState, (noun: string, from: string) => string>> = {
	destroyed: (noun, from) => `The ${noun} from ${from} was destroyed.`,
	expired: (noun, from) => `The ${noun} from ${from} expired unopened.`,
	burned: (noun, from) => `${from} burned their ${noun}.`,
	failed: (noun, from) => `The ${noun} from ${from} failed to arrive.`
};

function incomingText(before: IncomingSnapshot | undefined, now: IncomingSnapshot): string | null {
	const noun = NOUN[now.kind];
	if (before?.state !== now.state) {
		if (now.state === 'sealed')
			return `A ${noun} from ${now.fromName} arrived, sealed. Reveal it to view it once.`;
		const ended = INCOMING_END[now.state];
		if (ended) return ended(noun, now.fromName);
	}
	const was = before?.secondsLeft ?? 0;
	const left = now.secondsLeft;
	if (now.state !== 'viewing' || left === was || left === 0) return null;
	if (was === 0) return `Showing for ${secondsText(left)}.`;
	if (was > LAST_SECONDS && left <= LAST_SECONDS) return `${secondsText(left)} left.`;
	return null;
}

const RECEIPT: Partial<Record<RecipientStatus, (noun: string, name: string) => string>> = {
	delivered: (noun, name) => `${name} received your ${noun}.`,
	viewed: (noun, name) => `${name} is viewing your ${noun}.`,
	destroyed: (noun, name) => `${name} viewed your ${noun}; their copy is destroyed.`,
	expired: (noun, name) => `Your ${noun} expired for ${name}.`,
	failed: (noun, name) => `Your ${noun} could not reach ${name}.`
};

function receiptText(before: ReceiptSnapshot | undefined, now: ReceiptSnapshot): string | null {
	if (before?.status === now.status) return null;
	return RECEIPT[now.status]?.(NOUN[now.kind], now.peerName) ?? null;
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
		.map((p) => `${p.name} left.`);
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
