import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { encodeMessage } from '#protocol/signaling-messages';
import type { RateLimit } from '../../hub/token-bucket';
import type { AddressRateLimiter } from '../room-backend';
import type { JoinRequest, RoomKey } from '../room-registry';
import { parseJoinReply, type JoinReply } from './redis-messages';
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

const scripts = {
	join: new RedisScript(JOIN_SCRIPT),
	leave: new RedisScript(LEAVE_SCRIPT),
	rename: new RedisScript(RENAME_SCRIPT),
	signal: new RedisScript(SIGNAL_SCRIPT),
	sweep: new RedisScript(SWEEP_SCRIPT),
	hasRoom: new RedisScript(HAS_ROOM_SCRIPT),
	isResume: new RedisScript(IS_RESUME_SCRIPT)
};

function tokenHash(resumeToken: string): string {
	return createHash('sha256').update(resumeToken).digest('hex');
}

/** What a join script run needs besides the request: whose it is, and the room's limits. */
export interface JoinRun {
	nodeId: string;
	session: string;
	maxPeersPerRoom: number;
	roomTtlMs: number;
}

/**
 * The rooms as Redis holds them: each call runs one of the Lua scripts in `redis-scripts.ts`
 * on the room's hash, with the key layout described there. A member is named by its room,
 * peer id and session, so a stale one (left, or replaced by a resume) changes nothing.
 */
export class RedisRoomStore {
	readonly #redis: Redis;
	readonly #prefix: string;

	constructor(redis: Redis, prefix: string) {
		this.#redis = redis;
		this.#prefix = prefix;
	}

	/** Every script gets the room's hash as its key and the prefix and room key first. */
	#run(script: RedisScript, key: RoomKey, args: (string | number)[]): Promise<unknown> {
		return script.run(this.#redis, [`${this.#prefix}:room:${key}`], [this.#prefix, key, ...args]);
	}

	async hasRoom(key: RoomKey): Promise<boolean> {
		return (await this.#run(scripts.hasRoom, key, [])) === 1;
	}

	async isResume(key: RoomKey, peerId: string, resumeToken: string): Promise<boolean> {
		return (await this.#run(scripts.isResume, key, [peerId, tokenHash(resumeToken)])) === 1;
	}

	/** Adds the member, or says why not; its `joined` message then arrives on `run.nodeId`'s channel. */
	async join(key: RoomKey, request: JoinRequest<unknown>, run: JoinRun): Promise<JoinReply> {
		const reply = await this.#run(scripts.join, key, [
			request.peerId,
			run.nodeId,
			run.session,
			request.name,
			tokenHash(request.resumeToken),
			request.create ? '1' : '0',
			request.room.kind === 'public' ? '1' : '0',
			run.maxPeersPerRoom,
			run.roomTtlMs
		]);
		const result = parseJoinReply(reply);
		if (!result) throw new Error('unexpected reply from the join script');
		return result;
	}

	/** Removes the member and tells the room; false when it was no longer current. */
	async leave(key: RoomKey, peerId: string, session: string): Promise<boolean> {
		return (await this.#run(scripts.leave, key, [peerId, session])) === 1;
	}

	async rename(key: RoomKey, peerId: string, session: string, name: string): Promise<void> {
		await this.#run(scripts.rename, key, [peerId, session, name]);
	}

	/** Relays a signal from a current member; false when the sender is stale or `to` is not there. */
	async signal(
		key: RoomKey,
		from: { peerId: string; session: string },
		to: string,
		data: unknown
	): Promise<boolean> {
		const message = encodeMessage({ type: 'signal', from: from.peerId, data });
		return (await this.#run(scripts.signal, key, [from.peerId, from.session, to, message])) === 1;
	}

	/** Drops the room's dead members and keeps the room for another `roomTtlMs`. */
	async sweep(key: RoomKey, roomTtlMs: number): Promise<void> {
		await this.#run(scripts.sweep, key, [roomTtlMs]);
	}

	rateLimiter(name: string, limit: RateLimit): AddressRateLimiter {
		return new RedisRateLimiter(this.#redis, `${this.#prefix}:limit:${name}`, limit);
	}
}
