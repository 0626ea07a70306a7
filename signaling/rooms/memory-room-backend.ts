import type { RoomRef } from '#protocol/signaling-messages';
import type {
	AddressRateLimiter,
	BackendJoinResult,
	BackendStats,
	RoomBackend,
	RenameOutcome,
	RoomEvents,
	RoomMessage
} from './room-backend';
import { peerInfo, type JoinRequest, type Member } from './membership';
import { RoomRegistry, type RegistryOptions } from './room-registry';
import { KeyedTokenBuckets, type RateLimit } from '../hub/token-bucket';
import { MemoryCodeRoomStore } from '../code-rooms/memory-code-room-store';

export interface MemoryRoomBackendOptions extends RegistryOptions {
	/** Client addresses whose rate-limit state is kept; the idlest are forgotten. */
	maxTrackedAddresses: number;
}

const SWEEP_EVERY_MS = 5000;

/** The single-process backend: a `RoomRegistry` and token buckets in this process's memory. */
export class MemoryRoomBackend<Conn> implements RoomBackend<Conn> {
	readonly ready = Promise.resolve();
	readonly codeRooms: MemoryCodeRoomStore;
	readonly #registry: RoomRegistry<Conn>;
	readonly #events: RoomEvents<Conn>;
	readonly #maxTrackedAddresses: number;
	/** Expired id reservations go, and the rooms they alone kept. */
	readonly #sweeper: ReturnType<typeof setInterval> | null;

	constructor(options: MemoryRoomBackendOptions, events: RoomEvents<Conn>) {
		this.#registry = new RoomRegistry<Conn>(options);
		this.#events = events;
		this.#maxTrackedAddresses = options.maxTrackedAddresses;
		this.codeRooms = new MemoryCodeRoomStore({ maxEntries: options.maxRooms });
		const every = Math.min(options.idReservationMs, SWEEP_EVERY_MS);
		this.#sweeper = every > 0 ? setInterval(() => this.#registry.sweep(), every) : null;
		this.#sweeper?.unref();
	}

	async hasRoom(room: RoomRef): Promise<boolean> {
		return this.#registry.hasRoom(room);
	}

	async isResume(room: RoomRef, peerId: string, resumeToken: string): Promise<boolean> {
		return this.#registry.isResume(room, peerId, resumeToken);
	}

	async join(request: JoinRequest<Conn>): Promise<BackendJoinResult<Conn>> {
		const result = this.#registry.join(request);
		if (!result.ok) return result;
		const { member, others, replaced, renamed } = result;
		if (replaced) this.#events.replaced(replaced.conn);
		const announce = (): void => {
			// After a resume the others keep the same id, so they hear of nothing but a changed name.
			if (!replaced) this.#tell(others, { type: 'peer-joined', peer: peerInfo(member) });
			else if (renamed) this.#tell(others, { type: 'peer-renamed', id: member.peerId, name: member.name });
		};
		return { ok: true, member, peers: others.map(peerInfo), resumed: replaced !== null, announce };
	}

	async leave(member: Member<Conn>): Promise<boolean> {
		const others = this.#registry.leave(member);
		if (!others) return false;
		this.#tell(others, { type: 'peer-left', id: member.peerId });
		return true;
	}

	async rename(member: Member<Conn>, name: string): Promise<RenameOutcome> {
		const result = this.#registry.rename(member, name);
		if (!result.ok) return result.error;
		this.#tell(result.others, { type: 'peer-renamed', id: member.peerId, name });
		return 'renamed';
	}

	async signal(member: Member<Conn>, to: string, data: unknown): Promise<boolean> {
		const target = this.#registry.find(member, to);
		if (!target) return false;
		this.#events.deliver(target.conn, { type: 'signal', from: member.peerId, data });
		return true;
	}

	async tellOthers(member: Member<Conn>, message: RoomMessage): Promise<void> {
		this.#tell(this.#registry.others(member), message);
	}

	rateLimiter(_name: string, limit: RateLimit): AddressRateLimiter {
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: this.#maxTrackedAddresses });
		return {
			take: async (address) => buckets.take(address),
			hasToken: async (address) => buckets.hasToken(address)
		};
	}

	stats(): BackendStats {
		return { rooms: this.#registry.roomCount, members: this.#registry.memberCount };
	}

	async close(): Promise<void> {
		if (this.#sweeper) clearInterval(this.#sweeper);
	}

	#tell(members: readonly Member<Conn>[], message: RoomMessage): void {
		for (const member of members) this.#events.deliver(member.conn, message);
	}
}
