import type { RoomRef } from '#protocol/signaling-messages';
import { DEFAULTS } from '../../defaults';
import type { RateLimit } from '../../hub/token-bucket';
import type { Logger } from '../../logger';
import type {
	AddressRateLimiter,
	BackendJoinResult,
	BackendStats,
	RenameOutcome,
	RoomBackend,
	RoomEvents
} from '../room-backend';
import { roomKey, type JoinRequest, type Member, type RoomLimits } from '../membership';
import { LocalMembers, type LocalMember } from './local-members';
import { parseNodeEnvelope } from './redis-messages';
import { RedisNode, errorCode, randomId } from './redis-node';
import { RedisRoomStore } from './redis-room-store';
import { RedisCodeRoomStore } from '../../code-rooms/redis-code-room-store';
import type { RoomMessage } from '../room-backend';

export interface RedisRoomOptions {
	/** `redis://[user:password@]host:port[/db]` or `rediss://…`. Never logged. */
	url: string;
	/** Prefix of every key and channel. Default `vanishdrop`. */
	prefix?: string;
	/** Default 10 s. Peers of a dead process are announced as left within about this long. */
	presenceTtlMs?: number;
	/** How often presence is renewed and rooms are swept for dead members. Default a third of the TTL. */
	renewEveryMs?: number;
	/**
	 * The deployment's secret for the HMACs that name rooms and client addresses in Redis keys:
	 * the same on every process. Never logged.
	 */
	keySecret: string;
}

interface BackendOptions extends RedisRoomOptions, RoomLimits {
	logger: Logger;
	/** How long a departed member's id stays reserved for its resume token. */
	idReservationMs: number;
}

/** How long a join waits for its own `joined` message on the channel. */
const JOINED_TIMEOUT_MS = 5000;

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), ms);
	});
	const result = await Promise.race([promise.then(() => true), timeout]);
	clearTimeout(timer);
	return result;
}

/**
 * Rooms shared by every signaling process connected to one Redis. Each process is a node
 * (`RedisNode`) with a presence key it renews and a channel on which the Lua scripts
 * (`RedisRoomStore`) publish, in order, what its own members (`LocalMembers`) must hear. Redis
 * holds ids, names, token hashes and membership with TTLs; signals only pass through its pub/sub.
 */
export class RedisRoomBackend<Conn> implements RoomBackend<Conn> {
	readonly ready: Promise<void>;
	readonly codeRooms: RedisCodeRoomStore;
	readonly #node: RedisNode;
	readonly #store: RedisRoomStore;
	readonly #members: LocalMembers<Conn>;
	readonly #log: Logger;
	readonly #limits: RoomLimits;
	readonly #roomTtlMs: number;
	readonly #timer: ReturnType<typeof setInterval>;
	#closed = false;

	constructor(options: BackendOptions, events: RoomEvents<Conn>) {
		this.#log = options.logger;
		this.#limits = { maxPeersPerRoom: options.maxPeersPerRoom, maxRooms: options.maxRooms };
		const presenceTtlMs = options.presenceTtlMs ?? DEFAULTS.presenceTtlMs;
		const prefix = options.prefix ?? DEFAULTS.redisPrefix;
		this.#roomTtlMs = presenceTtlMs * 3;
		this.#node = new RedisNode({
			url: options.url,
			prefix,
			presenceTtlMs,
			logger: this.#log,
			onMessage: (raw) => this.#onEnvelope(raw),
			// Messages may have been lost: every member here is told to join again, which brings
			// its tab back in step.
			onResubscribed: () => this.#evictAll()
		});
		const { keySecret, idReservationMs } = options;
		this.#store = new RedisRoomStore(this.#node.commands, { prefix, keySecret, idReservationMs });
		this.codeRooms = new RedisCodeRoomStore(this.#node.commands, { prefix, keySecret });
		this.#members = new LocalMembers(events, (key) => this.#store.tagOf(key));
		this.ready = this.#node.start();
		this.ready.catch(() => {});
		this.#timer = setInterval(() => void this.#heartbeat(), options.renewEveryMs ?? presenceTtlMs / 3);
	}

	async hasRoom(room: RoomRef): Promise<boolean> {
		return this.#store.hasRoom(this.#store.tagOf(roomKey(room)));
	}

	async isResume(room: RoomRef, peerId: string, resumeToken: string): Promise<boolean> {
		return this.#store.isResume(this.#store.tagOf(roomKey(room)), peerId, resumeToken);
	}

	async join(request: JoinRequest<Conn>): Promise<BackendJoinResult<Conn>> {
		const key = roomKey(request.room);
		const tag = this.#store.tagOf(key);
		// The room cap counts rooms with members on this process.
		if (!this.#members.hasRoom(tag) && this.#members.roomCount >= this.#limits.maxRooms) {
			return { ok: false, error: 'too-many-rooms' };
		}
		const session = randomId(12);
		const local: LocalMember<Conn> = {
			member: { peerId: request.peerId, conn: request.conn, roomKey: key, name: request.name },
			session
		};
		const joined = this.#members.expectJoined(local);
		const run = {
			nodeId: this.#node.id,
			session,
			maxPeersPerRoom: this.#limits.maxPeersPerRoom,
			roomTtlMs: this.#roomTtlMs
		};
		const result = await this.#store.join(tag, request, run).catch((error: unknown) => {
			this.#members.cancel(session);
			throw error;
		});
		if (!result.ok) {
			this.#members.cancel(session);
			return result;
		}
		if (!(await within(joined, JOINED_TIMEOUT_MS))) {
			// The channel is down: undo the join rather than keep a member nobody can reach.
			this.#members.cancel(session);
			await this.#store.leave(tag, request.peerId, session);
			throw new Error('the joined message did not arrive');
		}
		const { peers, resumed } = result;
		return { ok: true, member: local.member, peers, resumed, announce: () => {} };
	}

	async leave(member: Member<Conn>): Promise<boolean> {
		const local = this.#members.find(member);
		if (!local) return false;
		this.#members.forget(local);
		return this.#store.leave(this.#store.tagOf(member.roomKey), member.peerId, local.session);
	}

	async rename(member: Member<Conn>, name: string): Promise<RenameOutcome> {
		const local = this.#members.find(member);
		if (!local) return 'stale';
		const tag = this.#store.tagOf(member.roomKey);
		const outcome = await this.#store.rename(tag, member.peerId, local.session, name);
		if (outcome === 'renamed') local.member.name = name;
		return outcome;
	}

	async signal(member: Member<Conn>, to: string, data: unknown): Promise<boolean> {
		const local = this.#members.find(member);
		if (!local) return false;
		const from = { peerId: member.peerId, session: local.session };
		return this.#store.signal(this.#store.tagOf(member.roomKey), from, to, data);
	}

	async tellOthers(member: Member<Conn>, message: RoomMessage): Promise<void> {
		const local = this.#members.find(member);
		if (!local) return;
		await this.#store.tellOthers(this.#store.tagOf(member.roomKey), member.peerId, local.session, message);
	}

	rateLimiter(name: string, limit: RateLimit): AddressRateLimiter {
		return this.#store.rateLimiter(name, limit);
	}

	stats(): BackendStats {
		return { rooms: this.#members.roomCount, members: this.#members.memberCount };
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		clearInterval(this.#timer);
		await this.#node.close();
	}

	#onEnvelope(raw: string): void {
		const envelope = parseNodeEnvelope(raw);
		if (!envelope) {
			this.#log('redis.bad-message', { bytes: raw.length });
			return;
		}
		this.#members.handle(envelope);
	}

	/** Closes every member here; their entries go too, in case the others did not prune them yet. */
	#evictAll(): void {
		for (const local of this.#members.evictAll()) {
			const { roomKey: key, peerId } = local.member;
			this.#store.leave(this.#store.tagOf(key), peerId, local.session).catch((error: unknown) => {
				this.#log('redis.leave-error', { code: errorCode(error) });
			});
		}
	}

	async #heartbeat(): Promise<void> {
		if (this.#closed || !this.#node.isReady) return;
		try {
			if (!(await this.#node.renewPresence()) && this.#members.roomCount > 0) {
				// Other processes may have removed our members and told their rooms so.
				this.#log('redis.presence-lost', { node: this.#node.id });
				this.#evictAll();
			}
			await Promise.all(this.#members.roomTags().map((tag) => this.#store.sweep(tag, this.#roomTtlMs)));
		} catch (error) {
			this.#log('redis.heartbeat-error', { code: errorCode(error) });
		}
	}
}
