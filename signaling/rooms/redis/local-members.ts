import type { RoomEvents } from '../room-backend';
import type { Member, RoomKey } from '../membership';
import type { NodeEnvelope } from './redis-messages';
import type { RoomTag } from './redis-room-store';

/** A member connected to this process, with the session that tells it from a resumed one. */
export interface LocalMember<Conn> {
	member: Member<Conn> & { name: string };
	session: string;
}

interface PendingJoin<Conn> {
	local: LocalMember<Conn>;
	done: () => void;
}

/**
 * The members connected to this process, by room tag and peer id, and what the envelopes on this
 * process's channel do to them. A member counts here from its `joined` envelope on: messages the
 * scripts published for it before that cannot reach it out of order.
 */
export class LocalMembers<Conn> {
	readonly #rooms = new Map<RoomTag, Map<string, LocalMember<Conn>>>();
	/** Joins whose `joined` message has not arrived yet, by session. */
	readonly #pending = new Map<string, PendingJoin<Conn>>();
	readonly #events: RoomEvents<Conn>;
	readonly #tagOf: (key: RoomKey) => RoomTag;

	constructor(events: RoomEvents<Conn>, tagOf: (key: RoomKey) => RoomTag) {
		this.#events = events;
		this.#tagOf = tagOf;
	}

	get roomCount(): number {
		return this.#rooms.size;
	}

	get memberCount(): number {
		let members = 0;
		for (const room of this.#rooms.values()) members += room.size;
		return members;
	}

	hasRoom(tag: RoomTag): boolean {
		return this.#rooms.has(tag);
	}

	roomTags(): RoomTag[] {
		return [...this.#rooms.keys()];
	}

	/**
	 * Registers the join of `local.session`, before its script runs: the `joined` envelope may
	 * arrive before the script's reply does. Resolves when it arrives.
	 */
	expectJoined(local: LocalMember<Conn>): Promise<void> {
		return new Promise<void>((resolve) => this.#pending.set(local.session, { local, done: resolve }));
	}

	/** The join of `session` failed or gave up: its `joined` envelope, if any, is ignored. */
	cancel(session: string): void {
		this.#pending.delete(session);
	}

	/** The current entry of `member`; undefined when it left or was replaced. */
	find(member: Member<Conn>): LocalMember<Conn> | undefined {
		const local = this.#rooms.get(this.#tagOf(member.roomKey))?.get(member.peerId);
		return local?.member === member ? local : undefined;
	}

	forget(local: LocalMember<Conn>): void {
		const { roomKey: key, peerId } = local.member;
		const tag = this.#tagOf(key);
		const room = this.#rooms.get(tag);
		if (room?.get(peerId) !== local) return;
		room.delete(peerId);
		if (room.size === 0) this.#rooms.delete(tag);
	}

	/** Forgets every member and tells the hub each was evicted; returns them, for their leaves. */
	evictAll(): LocalMember<Conn>[] {
		const evicted: LocalMember<Conn>[] = [];
		for (const room of [...this.#rooms.values()]) {
			for (const local of [...room.values()]) {
				this.forget(local);
				this.#events.evicted(local.member.conn);
				evicted.push(local);
			}
		}
		return evicted;
	}

	handle(envelope: NodeEnvelope): void {
		switch (envelope.t) {
			case 'joined':
				return this.#joined(envelope.room, envelope.peer, envelope.session);
			case 'replaced': {
				const local = this.#rooms.get(envelope.room)?.get(envelope.peer);
				if (!local || local.session !== envelope.session) return;
				this.forget(local);
				this.#events.replaced(local.member.conn);
				return;
			}
			case 'event': {
				const room = this.#rooms.get(envelope.room);
				if (!room) return;
				for (const peerId of envelope.to) {
					const local = room.get(peerId);
					if (local) this.#events.deliver(local.member.conn, envelope.message);
				}
				return;
			}
		}
	}

	#joined(tag: RoomTag, peerId: string, session: string): void {
		const pending = this.#pending.get(session);
		if (!pending) return;
		this.#pending.delete(session);
		let room = this.#rooms.get(tag);
		if (!room) {
			room = new Map();
			this.#rooms.set(tag, room);
		}
		room.set(peerId, pending.local);
		pending.done();
	}
}
