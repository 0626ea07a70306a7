import type { PeerLinks } from '../peers/peer-links';
import type { ErrorCode } from '../protocol/error-codes';
import type { IceServerConfig, ServerMessage } from '../protocol/signaling-messages';
import type { RoomMembership } from './room-membership';
import type { SelfName } from './self-name.svelte';

/** The parts of a room the server's messages are for. */
export interface ServerMessageTargets {
	links: Pick<PeerLinks, 'onPeerList' | 'onPeerJoined' | 'onPeerLeft' | 'onRenamed' | 'onSignal'>;
	membership: Pick<RoomMembership, 'joined' | 'refused'>;
	name: Pick<SelfName, 'joinedWith' | 'chosen'>;
	/** The join went through: what the server handed out with it. */
	joined(iceServers: IceServerConfig[], lanUrls: string[]): void;
	/** Any error but a refused join or rename. */
	error(code: ErrorCode): void;
}

/** One message from the signaling server, handed to the part of the room it is for. */
export function routeServerMessage(m: ServerMessage, to: ServerMessageTargets): void {
	switch (m.type) {
		case 'peers':
			// Two devices called the same in one room can't be told apart: a generated name that
			// is taken is swapped for a free one as this device joins.
			to.name.joinedWith(m.peers);
			to.membership.joined();
			to.joined(m.iceServers, m.lanUrls);
			return to.links.onPeerList(m.peers);
		case 'peer-joined':
			return to.links.onPeerJoined(m.peer);
		case 'peer-left':
			return to.links.onPeerLeft(m.id);
		case 'peer-renamed':
			return to.links.onRenamed(m.id, m.name);
		case 'signal':
			return to.links.onSignal(m.from, m.data);
		case 'error':
			// A refused join or rename is not fatal (see `RoomMembership.refused`).
			if (m.code === 'id-taken' || m.code === 'name-taken')
				return to.membership.refused(m.code, to.name.chosen);
			return to.error(m.code);
	}
}
