import type { LinkRole } from '../protocol/signal-envelope';

/**
 * A lost path often comes back on its own within a few seconds (the browser's own checks see it
 * again): the first ICE restart waits this long after the path went away.
 */
export const ICE_RESTART_AFTER_MS = 2_000;
/** While the path is still gone, the side that offered restarts ICE again this often. */
export const ICE_RESTART_EVERY_MS = 5_000;
/**
 * How long a link whose path went away is kept for an ICE restart. Past this, it is dropped and
 * a fresh link tried, as after any lost link (`afterLinkLost`), until those attempts are used up
 * too and the peer fails. The person sees "reconnecting" all along.
 */
export const KEEP_INTERRUPTED_LINK_MS = 20_000;

/** What to do about a link whose path has been gone for a while. */
export type PathStep =
	/** Restart ICE on the same link (its DTLS session, data channel and safety code stay), and look again. */
	| { do: 'restart-ice'; againInMs: number }
	/** Nothing yet: look again in `ms`. */
	| { do: 'wait'; ms: number }
	/** Give the link up: a fresh one is tried. */
	| { do: 'new-link' };

/**
 * The path under an open link has been gone for `goneForMs`. Only the side that offered restarts
 * ICE (its new offer goes sealed like any signal, on the same link id); the other answers it.
 */
export function afterPathLost(goneForMs: number, role: LinkRole): PathStep {
	const left = KEEP_INTERRUPTED_LINK_MS - goneForMs;
	if (left <= 0) return { do: 'new-link' };
	if (goneForMs < ICE_RESTART_AFTER_MS)
		return { do: 'wait', ms: Math.min(ICE_RESTART_AFTER_MS - goneForMs, left) };
	if (role === 'responder') return { do: 'wait', ms: left };
	return { do: 'restart-ice', againInMs: Math.min(ICE_RESTART_EVERY_MS, left) };
}

/**
 * A restored path must still carry the same DTLS session: the safety code was checked against
 * these certificates, and a renegotiation that swapped one would slip past that check.
 */
export function sameSession(
	verified: { local: string; remote: string } | null,
	now: { local: string; remote: string } | null
): boolean {
	return verified !== null && now !== null && verified.local === now.local && verified.remote === now.remote;
}
