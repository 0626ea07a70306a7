import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { encodeMessage, type RoomRef } from '#protocol/signaling-messages';
import type { Logger } from '../../logger';
import { parseJoinReply, parseNodeEnvelope, type NodeEnvelope } from './redis-messages';
import { RedisRateLimiter } from './redis-rate-limiter';
import {
	HAS_ROOM_SCRIPT,
	IS_RESUME_SCRIPT,
	JOIN_SCRIPT,
	LEAVE_SCRIPT,
	RENAME_SCRIPT,
	RedisScript,
	SIGNAL_SCRIPT,
	SWEEP_SCRIPT
} from './redis-scripts';
import type {
	AddressRateLimiter,
	BackendJoinResult,
	BackendStats,
	RoomBackend,
	RoomEvents
} from '../room-backend';
import { roomKey, type JoinRequest, type Member, type RoomKey, type RoomLimits } from '../room-registry';
import type { RateLimit } from '../../hub/token-bucket';

export const DEFAULT_REDIS_PREFIX = 'vanishdrop';
/** A process that has not renewed its presence for this long is taken for dead. */
export const DEFAULT_PRESENCE_TTL_MS = 10_000;

export interface RedisRoomOptions {
	/** `redis://[user:password@]host:port[/db]` or `rediss://…`. Never logged. */
	url: string;
	/** Prefix of every key and channel. Default `vanishdrop`. */
	prefix?: string;
	/** Default 10 s. Peers of a dead process are announced as left within about this long. */
	presenceTtlMs?: number;
	/** How often presence is renewed and rooms are swept for dead members. Default a third of the TTL. */
	renewEveryMs?: number;
}

interface BackendOptions extends RedisRoomOptions, RoomLimits {
	logger: Logger;
}

/** A member connected to this process, with the session that tells it from a resumed one. */
interface LocalMember<Conn> {
	member: Member<Conn> & { name: string };
	session: string;
}

interface PendingJoin<Conn> {
	local: LocalMember<Conn>;
	done: () => void;
}

/** How long a join waits for its own `joined` message on the channel. */
const JOINED_TIMEOUT_MS = 5000;

const scripts = {
	join: new RedisScript(JOIN_SCRIPT),
	leave: new RedisScript(LEAVE_SCRIPT),
	rename: new RedisScript(RENAME_SCRIPT),
	signal: new RedisScript(SIGNAL_SCRIPT),
	sweep: new RedisScript(SWEEP_SCRIPT),
	hasRoom: new RedisScript(HAS_ROOM_SCRIPT),
	isResume: new RedisScript(IS_RESUME_SCRIPT)
};

function randomId(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function tokenHash(resumeToken: string): string {
	return createHash('sha256').update(resumeToken).digest('hex');
}

function errorCode(error: unknown): string {
	if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
	return typeof error;
}

/**
 * `ioredis`, loaded only by a server configured with Redis: it adds about 10 MB to a process
 * that never uses it.
 */
function loadRedisClient(): typeof Redis {
	const require = createRequire(import.meta.url);
	return (require('ioredis') as typeof import('ioredis')).Redis;
}

/**
 * Rooms shared by every signaling process connected to one Redis. Each process has a node id,
 * a presence key it renews, and a channel on which the Lua scripts (see `redis-scripts.ts`)
 * publish, in order, what its own members must hear. Redis holds ids, names, token hashes and
 * membership with TTLs; signals only pass through its pub/sub.
 */
export class RedisRoomBackend<Conn> implements RoomBackend<Conn> {
	readonly ready: Promise<void>;
	readonly #commands: Redis;
	readonly #subscriber: Redis;
	readonly #events: RoomEvents<Conn>;
	readonly #log: Logger;
	readonly #prefix: string;
	readonly #nodeId = randomId(9);
	readonly #limits: RoomLimits;
	readonly #presenceTtlMs: number;
	readonly #roomTtlMs: number;
	/** Members connected here, by room and peer id. */
	readonly #rooms = new Map<RoomKey, Map<string, LocalMember<Conn>>>();
	/** Joins whose `joined` message has not arrived yet, by session. */
	readonly #pending = new Map<string, PendingJoin<Conn>>();
	readonly #timer: ReturnType<typeof setInterval>;
	#subscribedOnce = false;
	/** Why the last connection attempt failed, for the startup error. */
	#lastErrorCode = 'unknown';
	#closed = false;

	constructor(options: BackendOptions, events: RoomEvents<Conn>) {
		this.#events = events;
		this.#log = options.logger;
		this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
		this.#limits = { maxPeersPerRoom: options.maxPeersPerRoom, maxRooms: options.maxRooms };
		this.#presenceTtlMs = options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS;
		this.#roomTtlMs = this.#presenceTtlMs * 3;
		// Commands wait for a reconnect a little, then fail (and the client gets 1011).
		const connection = { maxRetriesPerRequest: 2, lazyConnect: true };
		const RedisClient = loadRedisClient();
		this.#commands = new RedisClient(options.url, connection);
		this.#subscriber = new RedisClient(options.url, connection);
		for (const [role, redis] of [
			['commands', this.#commands],
			['subscriber', this.#subscriber]
		] as const) {
			redis.on('error', (error: unknown) => {
				this.#lastErrorCode = errorCode(error);
				this.#log('redis.error', { role, code: this.#lastErrorCode });
			});
		}
		this.#subscriber.on('message', (_channel: string, raw: string) => this.#onEnvelope(raw));
		this.#subscriber.on('ready', () => this.#onSubscriberReady());
		this.ready = this.#start();
		this.ready.catch(() => {});
		this.#timer = setInterval(() => void this.#heartbeat(), options.renewEveryMs ?? this.#presenceTtlMs / 3);
	}

	async #start(): Promise<void> {
		try {
			await Promise.all([this.#commands.connect(), this.#subscriber.connect()]);
			await this.#subscriber.subscribe(this.#channel);
			await this.#renewPresence();
		} catch {
			// ioredis's own error says only that the connection closed; the cause came before.
			throw new Error(`Redis is not reachable at REDIS_URL (${this.#lastErrorCode})`);
		}
		this.#log('redis.ready', { node: this.#nodeId });
	}

	get #channel(): string {
		return `${this.#prefix}:events:${this.#nodeId}`;
	}

	#roomHash(key: RoomKey): string {
		return `${this.#prefix}:room:${key}`;
	}

	async hasRoom(room: RoomRef): Promise<boolean> {
		const key = roomKey(room);
		return (await scripts.hasRoom.run(this.#commands, [this.#roomHash(key)], [this.#prefix, key])) === 1;
	}

	async isResume(room: RoomRef, peerId: string, resumeToken: string): Promise<boolean> {
		const key = roomKey(room);
		const reply = await scripts.isResume.run(
			this.#commands,
			[this.#roomHash(key)],
			[this.#prefix, key, peerId, tokenHash(resumeToken)]
		);
		return reply === 1;
	}

	async join(request: JoinRequest<Conn>): Promise<BackendJoinResult<Conn>> {
		const key = roomKey(request.room);
		// The room cap counts rooms with members on this process.
		if (!this.#rooms.has(key) && this.#rooms.size >= this.#limits.maxRooms) {
			return { ok: false, error: 'too-many-rooms' };
		}
		const session = randomId(12);
		const local: LocalMember<Conn> = {
			member: { peerId: request.peerId, conn: request.conn, roomKey: key, name: request.name },
			session
		};
		const joined = new Promise<void>((resolve) => this.#pending.set(session, { local, done: resolve }));
		let reply: unknown;
		try {
			reply = await scripts.join.run(
				this.#commands,
				[this.#roomHash(key)],
				[
					this.#prefix,
					key,
					request.peerId,
					this.#nodeId,
					session,
					request.name,
					tokenHash(request.resumeToken),
					request.create ? '1' : '0',
					request.room.kind === 'public' ? '1' : '0',
					this.#limits.maxPeersPerRoom,
					this.#roomTtlMs
				]
			);
		} catch (error) {
			this.#pending.delete(session);
			throw error;
		}
		const result = parseJoinReply(reply);
		if (!result) {
			this.#pending.delete(session);
			throw new Error('unexpected reply from the join script');
		}
		if (!result.ok) {
			this.#pending.delete(session);
			return result;
		}
		if (!(await this.#within(joined, JOINED_TIMEOUT_MS))) {
			// The channel is down: undo the join rather than keep a member nobody can reach.
			this.#pending.delete(session);
			await this.#leaveSession(key, request.peerId, session);
			throw new Error('the joined message did not arrive');
		}
		return {
			ok: true,
			member: local.member,
			peers: result.peers,
			resumed: result.resumed,
			announce: () => {}
		};
	}

	async leave(member: Member<Conn>): Promise<boolean> {
		const local = this.#local(member);
		if (!local) return false;
		this.#forget(local);
		return this.#leaveSession(member.roomKey, member.peerId, local.session);
	}

	async rename(member: Member<Conn>, name: string): Promise<void> {
		const local = this.#local(member);
		if (!local) return;
		local.member.name = name;
		await scripts.rename.run(
			this.#commands,
			[this.#roomHash(member.roomKey)],
			[this.#prefix, member.roomKey, member.peerId, local.session, name]
		);
	}

	async signal(member: Member<Conn>, to: string, data: unknown): Promise<boolean> {
		const local = this.#local(member);
		if (!local) return false;
		const reply = await scripts.signal.run(
			this.#commands,
			[this.#roomHash(member.roomKey)],
			[
				this.#prefix,
				member.roomKey,
				member.peerId,
				local.session,
				to,
				encodeMessage({ type: 'signal', from: member.peerId, data })
			]
		);
		return reply === 1;
	}

	rateLimiter(name: string, limit: RateLimit): AddressRateLimiter {
		return new RedisRateLimiter(this.#commands, `${this.#prefix}:limit:${name}`, limit);
	}

	stats(): BackendStats {
		let members = 0;
		for (const room of this.#rooms.values()) members += room.size;
		return { rooms: this.#rooms.size, members };
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		clearInterval(this.#timer);
		try {
			if (this.#commands.status === 'ready') await this.#commands.del(this.#presenceKey);
		} finally {
			this.#subscriber.disconnect();
			await this.#commands.quit().catch(() => this.#commands.disconnect());
		}
	}

	get #presenceKey(): string {
		return `${this.#prefix}:node:${this.#nodeId}`;
	}

	async #leaveSession(key: RoomKey, peerId: string, session: string): Promise<boolean> {
		const reply = await scripts.leave.run(
			this.#commands,
			[this.#roomHash(key)],
			[this.#prefix, key, peerId, session]
		);
		return reply === 1;
	}

	#local(member: Member<Conn>): LocalMember<Conn> | undefined {
		const local = this.#rooms.get(member.roomKey)?.get(member.peerId);
		return local?.member === member ? local : undefined;
	}

	#forget(local: LocalMember<Conn>): void {
		const { roomKey: key, peerId } = local.member;
		const room = this.#rooms.get(key);
		if (room?.get(peerId) !== local) return;
		room.delete(peerId);
		if (room.size === 0) this.#rooms.delete(key);
	}

	#onEnvelope(raw: string): void {
		const envelope = parseNodeEnvelope(raw);
		if (!envelope) {
			this.#log('redis.bad-message', { bytes: raw.length });
			return;
		}
		this.#handle(envelope);
	}

	#handle(envelope: NodeEnvelope): void {
		switch (envelope.t) {
			case 'joined': {
				const pending = this.#pending.get(envelope.session);
				if (!pending) return;
				this.#pending.delete(envelope.session);
				let room = this.#rooms.get(envelope.room);
				if (!room) {
					room = new Map();
					this.#rooms.set(envelope.room, room);
				}
				room.set(envelope.peer, pending.local);
				pending.done();
				return;
			}
			case 'replaced': {
				const local = this.#rooms.get(envelope.room)?.get(envelope.peer);
				if (!local || local.session !== envelope.session) return;
				this.#forget(local);
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

	/**
	 * After a reconnect of the subscriber, messages may have been lost in between: every member
	 * here is told to join again, which brings its tab back in step.
	 */
	#onSubscriberReady(): void {
		if (!this.#subscribedOnce) {
			this.#subscribedOnce = true;
			return;
		}
		this.#log('redis.resubscribed', { node: this.#nodeId });
		this.#evictAll();
	}

	/** Closes every member here; their entries go too, in case the others did not prune them yet. */
	#evictAll(): void {
		for (const room of [...this.#rooms.values()]) {
			for (const local of [...room.values()]) {
				this.#forget(local);
				this.#events.evicted(local.member.conn);
				const { roomKey: key, peerId } = local.member;
				this.#leaveSession(key, peerId, local.session).catch((error: unknown) => {
					this.#log('redis.leave-error', { code: errorCode(error) });
				});
			}
		}
	}

	/** Renews presence; false when the key had expired, i.e. the others took this process for dead. */
	async #renewPresence(): Promise<boolean> {
		const renewed = await this.#commands.set(this.#presenceKey, '1', 'PX', this.#presenceTtlMs, 'XX');
		if (renewed === 'OK') return true;
		await this.#commands.set(this.#presenceKey, '1', 'PX', this.#presenceTtlMs);
		return false;
	}

	async #heartbeat(): Promise<void> {
		if (this.#closed || this.#commands.status !== 'ready') return;
		try {
			if (!(await this.#renewPresence()) && this.#rooms.size > 0) {
				// Other processes may have removed our members and told their rooms so.
				this.#log('redis.presence-lost', { node: this.#nodeId });
				this.#evictAll();
			}
			await Promise.all(
				[...this.#rooms.keys()].map((key) =>
					scripts.sweep.run(this.#commands, [this.#roomHash(key)], [this.#prefix, key, this.#roomTtlMs])
				)
			);
		} catch (error) {
			this.#log('redis.heartbeat-error', { code: errorCode(error) });
		}
	}

	async #within(promise: Promise<void>, ms: number): Promise<boolean> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(false), ms);
		});
		const result = await Promise.race([promise.then(() => true), timeout]);
		clearTimeout(timer);
		return result;
	}
}
