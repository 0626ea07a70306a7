import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from '../rooms/redis/redis-script';
import type { CodeRoomStore } from './code-room-store';

/**
 * Keys (P = the prefix; N = an HMAC of the nameplate under the deployment's key secret, so that
 * Redis shows no nameplate): `P:plate-hold:N` (a creator's hold), `P:plate-fail:N` (a set of the
 * failed pairs), `P:plate-closed:N`. All expire.
 */
const HOLD_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end
redis.call('DEL', KEYS[3])
return 1
`;

const FAIL_SCRIPT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('SCARD', KEYS[1])
`;

const CLOSE_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
return 1
`;

const scripts = {
	hold: new RedisScript(HOLD_SCRIPT),
	fail: new RedisScript(FAIL_SCRIPT),
	close: new RedisScript(CLOSE_SCRIPT)
};

/** The `CodeRoomStore` every process sharing one Redis sees. */
export class RedisCodeRoomStore implements CodeRoomStore {
	readonly #redis: Redis;
	readonly #prefix: string;
	readonly #keySecret: string;

	constructor(redis: Redis, options: { prefix: string; keySecret: string }) {
		this.#redis = redis;
		this.#prefix = options.prefix;
		this.#keySecret = options.keySecret;
	}

	#key(kind: 'hold' | 'fail' | 'closed', nameplate: string): string {
		const tag = createHmac('sha256', this.#keySecret).update(`nameplate:${nameplate}`).digest('base64url');
		return `${this.#prefix}:plate-${kind}:${tag.slice(0, 22)}`;
	}

	async hold(nameplate: string, ms: number): Promise<boolean> {
		const keys = [this.#key('hold', nameplate), this.#key('closed', nameplate), this.#key('fail', nameplate)];
		return (await scripts.hold.run(this.#redis, keys, [Math.ceil(ms)])) === 1;
	}

	async countFailure(nameplate: string, pair: string, ms: number): Promise<number> {
		const count = await scripts.fail.run(this.#redis, [this.#key('fail', nameplate)], [pair, Math.ceil(ms)]);
		return typeof count === 'number' ? count : Number.MAX_SAFE_INTEGER;
	}

	async close(nameplate: string, ms: number): Promise<void> {
		const keys = [this.#key('closed', nameplate), this.#key('fail', nameplate), this.#key('hold', nameplate)];
		await scripts.close.run(this.#redis, keys, [Math.ceil(ms)]);
	}

	async isClosed(nameplate: string): Promise<boolean> {
		return (await this.#redis.exists(this.#key('closed', nameplate))) === 1;
	}
}
