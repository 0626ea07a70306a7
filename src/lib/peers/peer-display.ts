import { m } from '../paraglide/messages';
import type { LinkState } from '../webrtc/peer-link';

/** What a peer being brought back is called on screen (the one place it is said). */
export const RECONNECTING_TEXT = m.peer_reconnecting();
/** The hint under it. */
export const RECONNECTING_HINT = m.peer_reconnecting_hint();

/**
 * The `data-peer-state` a peer shows. The UI contract lists `connecting`, `ready` and `failed`
 * only: a peer being brought back shows as `connecting`, and says "reconnecting" in its text and
 * in `data-peer-reconnecting`.
 */
export function shownPeerState(peer: {
	readonly state: LinkState;
	readonly reconnecting: boolean;
}): LinkState {
	return peer.reconnecting && peer.state !== 'failed' ? 'connecting' : peer.state;
}
