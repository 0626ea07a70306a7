import type { LinkRole } from '../protocol/signal-envelope';
import type { LinkFailure, LinkState } from '../webrtc/peer-link';
import type { PeerFailure } from './peer.svelte';

/** A peer still connecting after this long is probably on a network that blocks peer-to-peer. */
export const STUCK_AFTER_MS = 15_000;
/** Stuck or failed attempts to reach one peer before it is marked failed (about a minute). */
export const MAX_LINK_ATTEMPTS = 4;
/** The wait before the side that offered tries again, times the attempt number. */
export const RETRY_DELAY_MS = 1_000;

/** What becomes of a peer whose link changed state. */
export type LinkStateStep =
	| { do: 'verify' }
	| { do: 'fail'; failure: PeerFailure }
	| { do: 'retry'; failure: LinkFailure }
	| { do: 'nothing' };

/**
 * A link's new state: open, it is verified; refused for good (it failed the safety check, or the
 * other browser can't connect), the peer fails; lost otherwise, it is tried again. A peer that
 * really left is removed when the server says so (`peer-left`), not here.
 */
export function afterLinkState(state: LinkState, failure?: LinkFailure): LinkStateStep {
	if (state === 'ready') return { do: 'verify' };
	if (state === 'failed' && (failure === 'unverified' || failure === 'peer-no-webrtc'))
		return { do: 'fail', failure };
	if (state === 'failed' || state === 'closed')
		return { do: 'retry', failure: failure ?? 'connection-failed' };
	return { do: 'nothing' };
}

/** The next try after an attempt got stuck or failed. */
export type NextAttempt =
	/** Every attempt used up: the peer is given up on. */
	| { do: 'give-up' }
	/** The side that offered starts over with a fresh link, after `afterMs`. */
	| { do: 'offer'; afterMs: number }
	/** The side that answered waits for the new offer. */
	| { do: 'await-offer' };

/**
 * Still connecting after `STUCK_AFTER_MS` (`attempts` counts this one): the side that offered
 * starts over at once; the other keeps waiting for that offer.
 */
export function afterStuck(attempts: number, role: LinkRole | undefined): NextAttempt {
	if (attempts >= MAX_LINK_ATTEMPTS) return { do: 'give-up' };
	return role === 'initiator' ? { do: 'offer', afterMs: 0 } : { do: 'await-offer' };
}

/**
 * The link failed or closed while the server still lists the peer (`attempts` counts this one):
 * the side that offered tries again after a growing wait; the other is ready for its offer at once.
 */
export function afterLinkLost(attempts: number, role: LinkRole): NextAttempt {
	if (attempts >= MAX_LINK_ATTEMPTS) return { do: 'give-up' };
	return role === 'initiator' ? { do: 'offer', afterMs: RETRY_DELAY_MS * attempts } : { do: 'await-offer' };
}
