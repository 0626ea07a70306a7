import { createHash, createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { foldName } from '#protocol/name-fold';
import { encodeMessage } from '#protocol/signaling-messages';
import type { RateLimit } from '../../hub/token-bucket';
import type { AddressRateLimiter, RenameOutcome, RoomMessage } from '../room-backend';
import type { JoinRequest, RoomKey } from '../membership';
import { parseJoinReply, type JoinReply } from './redis-messages';
import { RedisRateLimiter } from './redis-rate-limiter';
import {
	HAS_ROOM_SCRIPT,
	IS_RESUME_SCRIPT,
	JOIN_SCRIPT,
	LEAVE_SCRIPT,
	RENAME_SCRIPT,
	SIGNAL_SCRIPT,
	SWEEP_SCRIPT,
	TELL_OTHERS_SCRIPT
} from './redis-scripts';
import { RedisScript } from './redis-script';

const scripts = {
	join: new RedisScript(JOIN_SCRIPT),
	leave: new RedisScript(LEAVE_SCRIPT),
	rename: new RedisScript(RENAME_SCRIPT),
	signal: new RedisScript(SIGNAL_SCRIPT),
	sweep: new RedisScript(SWEEP_SCRIPT),
	hasRoom: new RedisScript(HAS_ROOM_SCRIPT),
	isResume: new RedisScript(IS_RESUME_SCRIPT),
	tellOthers: new RedisScript(TELL_OTHERS_SCRIPT)
};

function tokenHash(resumeToken: string): string {
	return createHash('sha256').update(resumeToken).digest('hex');
}

/** A room's name in Redis: an HMAC of its key, so that ids and codes never show there. */
export type RoomTag = string;

/** The tag of a room, the same on every process that shares `keySecret`. */
export function roomTagOf(keySecret: string, key: RoomKey): RoomTag {
	return createHmac('sha256', keySecret).update(`room:${key}`).digest('base64url').slice(0, 22);
}

/** What a join script run needs besides the request: whose it is, and the room's limits. */
export interface JoinRun {
	nodeId: string;
	session: string;
	maxPeersPerRoom: number;
	roomTtlMs: number;
}

export interface RoomStoreOptions {
	prefix: string;
	/** The per-deployment key of every HMAC in key names. Never logged. */
	keySecret: string;
	/** How long a departed member's id stays reserved for its resume token. */
	idReservationMs: number;
}

/**
 * The rooms as Redis holds them: each call runs one of the Lua scripts in `redis-scripts.ts`
 * on the room's hashes, with the key layout described there. A member is named by its room,
 * peer id and session, so a stale one (left, or replaced by a resume) changes nothing.
 */
export class RedisRoomStore {
	readonly #redis: Redis;
	readonly #options: RoomStoreOptions;

	constructor(redis: Redis, options: RoomStoreOptions) {
		this.#redis = redis;
		this.#options = options;
	}

	/** The tag of a room, the same on every process of the deployment. */
	tagOf(key: RoomKey): RoomTag {
		return roomTagOf(this.#options.keySecret, key);
	}

	/** Every script gets the room's hashes as its keys and the prefix, tag and reservation first. */
	#run(script: RedisScript, tag: RoomTag, args: (string | number)[]): Promise<unknown> {
		const { prefix, idReservationMs } = this.#options;
		const keys = [`${prefix}:room:${tag}`, `${prefix}:gone:${tag}`];
		return script.run(this.#redis, keys, [prefix, tag, idReservationMs, ...args]);
	}

	async hasRoom(tag: RoomTag): Promise<boolean> {
		return (await this.#run(scripts.hasRoom, tag, [])) === 1;
	}

	async isResume(tag: RoomTag, peerId: string, resumeToken: string): Promise<boolean> {
		return (await this.#run(scripts.isResume, tag, [peerId, tokenHash(resumeToken)])) === 1;
	}

	/** Adds the member, or says why not; its `joined` message then arrives on `run.nodeId`'s channel. */
	async join(tag: RoomTag, request: JoinRequest<unknown>, run: JoinRun): Promise<JoinReply> {
		const reply = await this.#run(scripts.join, tag, [
			request.peerId,
			run.nodeId,
			run.session,
			request.name,
			tokenHash(request.resumeToken),
			request.create ? '1' : '0',
			request.room.kind === 'private' ? '0' : '1',
			run.maxPeersPerRoom,
			run.roomTtlMs,
			foldName(request.name)
		]);
		const result = parseJoinReply(reply);
		if (!result) throw new Error('unexpected reply from the join script');
		return result;
	}

	/** Removes the member, reserves its id and tells the room; false when it was no longer current. */
	async leave(tag: RoomTag, peerId: string, session: string): Promise<boolean> {
		return (await this.#run(scripts.leave, tag, [peerId, session])) === 1;
	}

	async rename(tag: RoomTag, peerId: string, session: string, name: string): Promise<RenameOutcome> {
		const reply = await this.#run(scripts.rename, tag, [peerId, session, name, foldName(name)]);
		return reply === 1 ? 'renamed' : reply === 2 ? 'name-taken' : 'stale';
	}

	/** Relays a signal from a current member; false when the sender is stale or `to` is not there. */
	async signal(
		tag: RoomTag,
		from: { peerId: string; session: string },
		to: string,
		data: unknown
	): Promise<boolean> {
		const message = encodeMessage({ type: 'signal', from: from.peerId, data });
		return (await this.#run(scripts.signal, tag, [from.peerId, from.session, to, message])) === 1;
	}

	/** Tells the room's other live members, if the sender is current. */
	async tellOthers(tag: RoomTag, peerId: string, session: string, message: RoomMessage): Promise<void> {
		await this.#run(scripts.tellOthers, tag, [peerId, session, encodeMessage(message)]);
	}

	/** Drops the room's dead members and keeps the room for another `roomTtlMs`. */
	async sweep(tag: RoomTag, roomTtlMs: number): Promise<void> {
		await this.#run(scripts.sweep, tag, [roomTtlMs]);
	}

	rateLimiter(name: string, limit: RateLimit): AddressRateLimiter {
		const { prefix, keySecret } = this.#options;
		return new RedisRateLimiter(this.#redis, { keyPrefix: `${prefix}:limit:${name}`, keySecret, limit });
	}
}
