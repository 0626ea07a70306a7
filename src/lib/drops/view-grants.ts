import { toBase64Url } from '../crypto/base64url';
import type { PeerMessage } from '../protocol/peer-messages';
import type { OutgoingDrop, ViewGrant } from './outgoing-drop.svelte';

type Send = (peerId: string, m: PeerMessage) => void;

/**
 * Answers one recipient's request to open a drop: one view per recipient, ever, and no more in
 * all than the sender allowed. The copy's key travels with a grant, and only then: over the data
 * channel (DTLS), once; the sender forgets it right after.
 */
export function answerViewRequest(drop: OutgoingDrop, peerId: string, send: Send): ViewGrant {
	const grant = drop.grantView(peerId);
	const key = grant === 'granted' ? drop.takeKey(peerId) : null;
	send(
		peerId,
		key
			? { t: 'view-answer', id: drop.id, granted: true, key: toBase64Url(key) }
			: { t: 'view-answer', id: drop.id, granted: false }
	);
	key?.fill(0);
	return grant;
}

/**
 * The sender is leaving: each holder gets the key of a view it was sure to get, so that nobody
 * loses one. Only where every holder is entitled to a view (views unlimited, or at least as many
 * left as there are holders); otherwise nobody does, and the drop can't be opened any more.
 * Returns how many keys went out.
 */
export function bequeathKeys(drops: readonly OutgoingDrop[], send: Send): number {
	let sent = 0;
	for (const drop of drops) {
		if (!drop.live) continue;
		const holders = drop.recipients.filter((r) => r.status === 'delivered' && drop.hasKey(r.peerId));
		const left = drop.viewsLeft;
		if (holders.length === 0 || (left !== null && left < holders.length)) continue;
		for (const r of holders) {
			if (drop.grantView(r.peerId) !== 'granted') continue;
			const key = drop.takeKey(r.peerId);
			if (!key) continue;
			send(r.peerId, { t: 'key', id: drop.id, key: toBase64Url(key) });
			key.fill(0);
			sent++;
		}
	}
	return sent;
}
