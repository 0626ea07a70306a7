import type { OpenedSignal } from '../crypto/signal-auth';
import type { LinkRole } from '../protocol/signal-envelope';

/** What a link knows about itself when a verified (or not) signal arrives for it. */
export interface LinkPosition {
	role: LinkRole;
	/** The link id this side speaks on; null for a responder that has not seen an offer yet. */
	linkId: string | null;
	/** The highest sequence number already taken on this link. */
	recvSeq: number;
	ready: boolean;
	/** When both sides offer at once, the polite one gives way (the lower peer id). */
	polite: boolean;
}

export type SignalVerdict =
	/** Give it to the browser on this link. */
	| { action: 'feed'; adoptLink: string | null }
	/** Stale, replayed, or the other side's half of an offer race this side wins. */
	| { action: 'ignore' }
	/** Not provably from the peer: fail the link; `rejectLink` asks the peer to fail its side too. */
	| { action: 'refuse'; rejectLink: string | null }
	/** The peer could not verify this side's signals. */
	| { action: 'rejected' }
	/** A fresh offer from the peer (it restarted, or won an offer race): answer it on a new link. */
	| { action: 'new-link' };

/**
 * Decides what one relayed signal means for a link. Only a signal whose MAC holds can change
 * anything; a link id seen before can never start a new link, so the server can't replay one.
 */
export function routeSignal(
	link: LinkPosition,
	opened: OpenedSignal,
	usedLinks: { has(linkId: string): boolean }
): SignalVerdict {
	if (!opened.ok) return { action: 'refuse', rejectLink: opened.reason === 'bad-seal' ? opened.link : null };
	if (opened.signal.type === 'reject') {
		return opened.link === link.linkId ? { action: 'rejected' } : { action: 'ignore' };
	}
	const freshOffer =
		opened.role === 'initiator' &&
		opened.signal.type === 'offer' &&
		opened.link !== link.linkId &&
		!usedLinks.has(opened.link);
	if (freshOffer) {
		if (link.role === 'responder' && link.linkId === null) return { action: 'feed', adoptLink: opened.link };
		if (link.role === 'responder' || link.ready || link.polite) return { action: 'new-link' };
		return { action: 'ignore' };
	}
	if (opened.link !== link.linkId || opened.seq <= link.recvSeq) return { action: 'ignore' };
	// Our own link id with our own role on it: only a forged or reflected message looks like this.
	if (opened.role === link.role) return { action: 'refuse', rejectLink: null };
	return { action: 'feed', adoptLink: null };
}
