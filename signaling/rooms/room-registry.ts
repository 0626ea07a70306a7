import { createHash, timingSafeEqual } from 'node:crypto';
import { isConfusable } from '#protocol/name-fold';
import type { RoomRef } from '#protocol/signaling-messages';
import { IdReservations } from './id-reservations';
import {
	roomKey,
	type JoinFailure,
	type JoinRequest,
	type Member,
	type RoomKey,
	type RoomLimits
} from './membership';

export interface RegistryOptions extends RoomLimits {
	/** How long a departed member's id stays reserved for its resume token. */
	idReservationMs: number;
	/** Milliseconds, for the reservations; `performance.now` by default. */
	now?: () => number;
}

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

/** `renamed` with the others to tell, `name-taken`, or `stale` for a member no longer current. */
export type RenameResult<Conn> =
	{ ok: true; others: Member<Conn>[] } | { ok: false; error: 'name-taken' | 'stale' };

interface Entry<Conn> {
	member: MutableMember<Conn>;
	tokenHash: Buffer;
}

interface MutableMember<Conn> extends Member<Conn> {
	name: string;
}

interface Room<Conn> {
	readonly entries: Map<string, Entry<Conn>>;
	readonly reserved: IdReservations;
}

function hashToken(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}

function membersOf<Conn>(room: Room<Conn>, except?: string): Member<Conn>[] {
	return [...room.entries.values()].map((e) => e.member).filter((m) => m.peerId !== except);
}

/**
 * Which peers are in which room. Pure bookkeeping: it knows nothing of sockets, so the
 * signaling hub decides what to send and whom to close. A member that leaves keeps its id
 * reserved for its resume token a while, so nobody can take its place while its tab reconnects;
 * a room emptied of members lives until its reservations run out (`sweep`).
 */
export class RoomRegistry<Conn> {
	readonly #rooms = new Map<RoomKey, Room<Conn>>();
	/** Rooms holding reservations, for `sweep`. */
	readonly #reserving = new Set<RoomKey>();
	readonly #options: RegistryOptions;
	readonly #now: () => number;
	#memberCount = 0;
	#liveRooms = 0;

	constructor(options: RegistryOptions) {
		this.#options = options;
		this.#now = options.now ?? (() => performance.now());
	}

	/** Rooms with members. */
	get roomCount(): number {
		return this.#liveRooms;
	}

	get memberCount(): number {
		return this.#memberCount;
	}

	hasRoom(ref: RoomRef): boolean {
		return (this.#rooms.get(roomKey(ref))?.entries.size ?? 0) > 0;
	}

	/** Whether `join` would take over a current member: only its own tab knows the token. */
	isResume(ref: RoomRef, peerId: string, resumeToken: string): boolean {
		const existing = this.#rooms.get(roomKey(ref))?.entries.get(peerId);
		return existing !== undefined && timingSafeEqual(existing.tokenHash, hashToken(resumeToken));
	}

	join(request: JoinRequest<Conn>): JoinResult<Conn> {
		const key = roomKey(request.room);
		const tokenHash = hashToken(request.resumeToken);
		const room = this.#rooms.get(key);
		const existing = room?.entries.get(request.peerId);
		if (existing && !timingSafeEqual(existing.tokenHash, tokenHash)) return { ok: false, error: 'id-taken' };
		if (room && !existing && !room.reserved.mayClaim(request.peerId, tokenHash, this.#now())) {
			return { ok: false, error: 'id-taken' };
		}
		// Rooms kept only by lapsed reservations make way for a new one.
		if (!room && this.#rooms.size >= this.#options.maxRooms) this.sweep();
		const refused = this.#refusal(request, room, existing);
		if (refused) return { ok: false, error: refused };
		const target = room ?? this.#open(key);
		if (existing) return this.#resume(target, key, existing, request);
		target.reserved.release(request.peerId);
		const others = membersOf(target);
		const member: MutableMember<Conn> = {
			peerId: request.peerId,
			conn: request.conn,
			roomKey: key,
			name: request.name
		};
		target.entries.set(request.peerId, { member, tokenHash });
		if (target.entries.size === 1) this.#liveRooms += 1;
		this.#memberCount += 1;
		return { ok: true, member, others, replaced: null, renamed: false };
	}

	/** Why a join that may use its id is refused, or null. */
	#refusal(request: JoinRequest<Conn>, room: Room<Conn> | undefined, existing: Entry<Conn> | undefined) {
		const live = room !== undefined && room.entries.size > 0;
		// Private rooms cannot be known in advance, so their first join creates them. `create` on
		// a live public room joins it: members re-forming a room after a restart all send it.
		// A code room is like a public one here: the server hands out its nameplate, a join finds it.
		if (!live && request.room.kind !== 'private' && !request.create) return 'no-such-room';
		if (!room && this.#rooms.size >= this.#options.maxRooms) return 'too-many-rooms';
		if (!room) return null;
		if (!existing && room.entries.size >= this.#options.maxPeersPerRoom) return 'room-full';
		const names = membersOf(room, request.peerId).map((m) => m.name);
		return isConfusable(request.name, names) ? 'name-taken' : null;
	}

	#open(key: RoomKey): Room<Conn> {
		const room: Room<Conn> = { entries: new Map(), reserved: new IdReservations() };
		this.#rooms.set(key, room);
		return room;
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
		const others = membersOf(room, member.peerId);
		return { ok: true, member, others, replaced, renamed: replaced.name !== request.name };
	}

	/**
	 * Removes a member and reserves its id for its token. Returns the members left in the room,
	 * or null when `member` is no longer current (it left already or was replaced).
	 */
	leave(member: Member<Conn>): Member<Conn>[] | null {
		const room = this.#rooms.get(member.roomKey);
		const entry = room?.entries.get(member.peerId);
		if (!room || entry?.member !== member) return null;
		room.entries.delete(member.peerId);
		this.#memberCount -= 1;
		if (room.entries.size === 0) this.#liveRooms -= 1;
		if (this.#options.idReservationMs > 0) {
			room.reserved.reserve(member.peerId, entry.tokenHash, this.#now() + this.#options.idReservationMs);
			this.#reserving.add(member.roomKey);
		} else if (room.entries.size === 0) this.#rooms.delete(member.roomKey);
		return membersOf(room);
	}

	/** Drops expired reservations, and the rooms left with neither members nor reservations. */
	sweep(): void {
		const now = this.#now();
		for (const key of this.#reserving) {
			const room = this.#rooms.get(key);
			room?.reserved.sweep(now);
			if (room && room.reserved.size > 0) continue;
			this.#reserving.delete(key);
			if (room?.entries.size === 0) this.#rooms.delete(key);
		}
	}

	/** Renames a current member, unless another member's name looks the same. */
	rename(member: Member<Conn>, name: string): RenameResult<Conn> {
		const entry = this.#current(member);
		if (!entry) return { ok: false, error: 'stale' };
		const others = this.others(member);
		if (
			isConfusable(
				name,
				others.map((m) => m.name)
			)
		)
			return { ok: false, error: 'name-taken' };
		entry.member.name = name;
		return { ok: true, others };
	}

	/** The other current members of `member`'s room. */
	others(member: Member<Conn>): Member<Conn>[] {
		const room = this.#rooms.get(member.roomKey);
		return room ? membersOf(room).filter((m) => m !== member) : [];
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
