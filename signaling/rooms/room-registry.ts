import { createHash, timingSafeEqual } from 'node:crypto';
import type { PeerInfo, RoomRef } from '#protocol/signaling-messages';

export type RoomKey = `private:${string}` | `public:${string}`;

export function roomKey(ref: RoomRef): RoomKey {
	return ref.kind === 'private' ? `private:${ref.id}` : `public:${ref.code}`;
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

export type JoinFailure = 'room-full' | 'no-such-room' | 'room-exists' | 'id-taken' | 'too-many-rooms';

export type JoinResult<Conn> =
	| {
			ok: true;
			member: Member<Conn>;
			/** Everyone else in the room, in join order. */
			others: Member<Conn>[];
			/** Set when this join took over a lingering member with the same id and token. */
			replaced: Member<Conn> | null;
			/** On a resume: whether the name differs from the replaced member's. */
			renamed: boolean;
	  }
	| { ok: false; error: JoinFailure };

interface Entry<Conn> {
	member: MutableMember<Conn>;
	tokenHash: Buffer;
}

interface MutableMember<Conn> extends Member<Conn> {
	name: string;
}

interface Room<Conn> {
	readonly kind: RoomRef['kind'];
	readonly entries: Map<string, Entry<Conn>>;
}

export function peerInfo(member: Member<unknown>): PeerInfo {
	return { id: member.peerId, name: member.name };
}

function hashToken(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}

/**
 * Which peers are in which room. Pure bookkeeping: it knows nothing of sockets, so the
 * signaling hub decides what to send and whom to close.
 */
export class RoomRegistry<Conn> {
	readonly #rooms = new Map<RoomKey, Room<Conn>>();
	readonly #limits: RoomLimits;
	#memberCount = 0;

	constructor(limits: RoomLimits) {
		this.#limits = limits;
	}

	get roomCount(): number {
		return this.#rooms.size;
	}

	get memberCount(): number {
		return this.#memberCount;
	}

	hasRoom(ref: RoomRef): boolean {
		return this.#rooms.has(roomKey(ref));
	}

	/** Whether `join` would take over a current member: only its own tab knows the token. */
	isResume(ref: RoomRef, peerId: string, resumeToken: string): boolean {
		const existing = this.#rooms.get(roomKey(ref))?.entries.get(peerId);
		return existing !== undefined && timingSafeEqual(existing.tokenHash, hashToken(resumeToken));
	}

	join(request: JoinRequest<Conn>): JoinResult<Conn> {
		const key = roomKey(request.room);
		const tokenHash = hashToken(request.resumeToken);
		let room = this.#rooms.get(key);

		if (room) {
			const existing = room.entries.get(request.peerId);
			if (existing) {
				if (!timingSafeEqual(existing.tokenHash, tokenHash)) return { ok: false, error: 'id-taken' };
				return this.#resume(room, key, existing, request);
			}
			// `create` on a live public room joins it: members re-forming a room after a server
			// restart all send `create`. (A fresh random code hits a live room with odds under
			// 1 in 80,000 even with 10,000 rooms open.)
			if (room.entries.size >= this.#limits.maxPeersPerRoom) return { ok: false, error: 'room-full' };
		} else {
			// Private rooms cannot be known in advance, so their first join creates them.
			if (request.room.kind === 'public' && !request.create) {
				return { ok: false, error: 'no-such-room' };
			}
			if (this.#rooms.size >= this.#limits.maxRooms) return { ok: false, error: 'too-many-rooms' };
			room = { kind: request.room.kind, entries: new Map() };
			this.#rooms.set(key, room);
		}

		const others = [...room.entries.values()].map((e) => e.member);
		const member: MutableMember<Conn> = {
			peerId: request.peerId,
			conn: request.conn,
			roomKey: key,
			name: request.name
		};
		room.entries.set(request.peerId, { member, tokenHash });
		this.#memberCount += 1;
		return { ok: true, member, others, replaced: null, renamed: false };
	}

	#resume(
		room: Room<Conn>,
		key: RoomKey,
		existing: Entry<Conn>,
		request: JoinRequest<Conn>
	): JoinResult<Conn> {
		const replaced = existing.member;
		const member: MutableMember<Conn> = {
			peerId: request.peerId,
			conn: request.conn,
			roomKey: key,
			name: request.name
		};
		existing.member = member;
		const others = [...room.entries.values()].map((e) => e.member).filter((m) => m !== member);
		return { ok: true, member, others, replaced, renamed: replaced.name !== request.name };
	}

	/**
	 * Removes a member; an emptied room is deleted at once. Returns the members left in the
	 * room, or null when `member` is no longer current (it left already or was replaced).
	 */
	leave(member: Member<Conn>): Member<Conn>[] | null {
		const room = this.#rooms.get(member.roomKey);
		if (!room || room.entries.get(member.peerId)?.member !== member) return null;
		room.entries.delete(member.peerId);
		this.#memberCount -= 1;
		if (room.entries.size === 0) this.#rooms.delete(member.roomKey);
		return [...room.entries.values()].map((e) => e.member);
	}

	/** Renames a current member; returns the others in its room, or null if it is stale. */
	rename(member: Member<Conn>, name: string): Member<Conn>[] | null {
		const entry = this.#current(member);
		if (!entry) return null;
		entry.member.name = name;
		return this.others(member);
	}

	/** The other current members of `member`'s room. */
	others(member: Member<Conn>): Member<Conn>[] {
		const room = this.#rooms.get(member.roomKey);
		if (!room) return [];
		return [...room.entries.values()].map((e) => e.member).filter((m) => m !== member);
	}

	/** Finds another member of the same room by peer id. */
	find(member: Member<Conn>, peerId: string): Member<Conn> | undefined {
		if (!this.#current(member) || peerId === member.peerId) return undefined;
		return this.#rooms.get(member.roomKey)?.entries.get(peerId)?.member;
	}

	#current(member: Member<Conn>): Entry<Conn> | undefined {
		const entry = this.#rooms.get(member.roomKey)?.entries.get(member.peerId);
		return entry?.member === member ? entry : undefined;
	}
}
