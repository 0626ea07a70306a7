import type { IncomingDrop } from '../drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../drops/outgoing-drop.svelte';
import type { PeerSnapshot, RoomSnapshot } from './announcement-text';

/** What of a room the announcements look at: its peers and its drops, sent and received. */
export interface AnnouncedRoom {
	peers: readonly PeerSnapshot[];
	drops: readonly (IncomingDrop | OutgoingDrop)[];
}

/**
 * Whether a drop's countdown runs. Before it does (a photo unveiling, a hold-to-view not yet
 * pressed) its bar reads the whole view already, but the view's start is announced when it counts.
 */
function counting(d: IncomingDrop): boolean {
	return d.state === 'viewing' && (!d.hold || d.holding);
}

/** A plain copy of what is announced; reading it inside an effect tracks exactly those fields. */
export function roomSnapshot(room: AnnouncedRoom): RoomSnapshot {
	const incoming = room.drops.filter((d): d is IncomingDrop => d.direction === 'in');
	const outgoing = room.drops.filter((d): d is OutgoingDrop => d.direction === 'out');
	return {
		peers: room.peers.map(({ id, name, state }) => ({ id, name, state })),
		incoming: incoming.map((d) => ({
			key: d.key,
			kind: d.kind,
			fromName: d.fromName,
			state: d.state,
			secondsLeft: counting(d) ? d.secondsLeft : 0
		})),
		receipts: outgoing.flatMap((d) =>
			d.recipients.map((r) => ({
				key: `${d.key}/${r.peerId}`,
				kind: d.kind,
				peerName: r.name,
				status: r.status
			}))
		)
	};
}
