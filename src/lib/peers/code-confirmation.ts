import type { PeerMessage } from '../protocol/peer-messages';
import type { Peer } from './peer.svelte';

/**
 * Verified: by the room's secret (`secretVerifies`), or, where the secret vouches for nobody (a
 * nearby pairing agreed it through the server), by both people confirming the safety codes match.
 */
export function isVerified(peer: Peer, secretVerifies: boolean): boolean {
	return peer.state === 'ready' && (secretVerifies || peer.codesConfirmed);
}

/**
 * The person confirmed both screens show `peer`'s safety code: kept here, and the other device is
 * told over the verified channel (its `PeerChannel` checks the code is the one it shows).
 */
export function confirmCodes(peer: Peer, send: (peerId: string, m: PeerMessage) => void): void {
	const code = peer.safetyCode;
	if (peer.state !== 'ready' || code === null) return;
	peer.confirmedHere = code;
	send(peer.id, { t: 'codes-match', code });
}
