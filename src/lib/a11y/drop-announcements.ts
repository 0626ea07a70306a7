import { m } from '../paraglide/messages';
import type { InState, RecipientStatus } from '../drops/drop-lifecycle';
import type { DropKind } from '../protocol/peer-messages';
import type { DropAnnouncer, IncomingSnapshot, ReceiptSnapshot } from './announcement-text';

// What a screen reader hears of the drops (see `announcement-text.ts`): loaded by the live
// announcer with the first drop on the page, not with the room page.

/** A countdown is announced once more when it reaches this many seconds. */
export const LAST_SECONDS = 5;

/**
 * `1 second`, `10 seconds`: in the page's language, with its plural forms. The count goes in as
 * it is, not through a `number` formatter: every language here writes these counts in plain digits,
 * and each formatter call makes an `Intl.NumberFormat` (the page's first took 14-21 ms, on the
 * first view's way to its pixels).
 */
export function secondsText(n: number): string {
	return m.announce_seconds({ count: n });
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

export const dropAnnouncer: DropAnnouncer = { incoming: incomingText, receipt: receiptText };
