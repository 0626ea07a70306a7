/** What the room backends share: how a room is keyed, and who a member is. */
import type { PeerInfo, RoomRef } from '#protocol/signaling-messages';

export type RoomKey = `private:${string}` | `public:${string}` | `code:${string}`;

export function roomKey(ref: RoomRef): RoomKey {
	switch (ref.kind) {
		case 'private':
			return `private:${ref.id}`;
		case 'public':
			return `public:${ref.code}`;
		case 'code':
			return `code:${ref.nameplate}`;
	}
}

export interface RoomLimits {
	maxPeersPerRoom: number;
	maxRooms: number;
}

/** A peer in a room. A resumed peer gets a new `Member`, so a stale one can be told apart. */
export interface Member<Conn> {
	readonly peerId: string;
	readonly conn: Conn;
	readonly roomKey: RoomKey;
	readonly name: string;
}

export interface JoinRequest<Conn> {
	room: RoomRef;
	create: boolean;
	peerId: string;
	resumeToken: string;
	name: string;
	conn: Conn;
}

export type JoinFailure =
	'room-full' | 'no-such-room' | 'room-exists' | 'id-taken' | 'name-taken' | 'too-many-rooms';

export function peerInfo(member: Member<unknown>): PeerInfo {
	return { id: member.peerId, name: member.name };
}
