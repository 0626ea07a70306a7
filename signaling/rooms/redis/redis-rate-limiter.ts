import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AddressRateLimiter } from '../room-backend';
import { RedisScript, TOKEN_BUCKET_SCRIPT } from './redis-scripts';
import type { RateLimit } from '../../hub/token-bucket';

const tokenBucket = new RedisScript(TOKEN_BUCKET_SCRIPT);

/**
 * Per-address token buckets in Redis, shared by every process. Keys name a hash of the address
 * rather than the address, and expire as soon as the bucket would be full again.
 */
export class RedisRateLimiter implements AddressRateLimiter {
	readonly #redis: Redis;
	readonly #keyPrefix: string;
	readonly #limit: RateLimit;

	/** `keyPrefix`: e.g. `vanishdrop:limit:join`. */
	constructor(redis: Redis, keyPrefix: string, limit: RateLimit) {
		this.#redis = redis;
		this.#keyPrefix = keyPrefix;
		this.#limit = limit;
	}

	take(address: string): Promise<boolean> {
		return this.#run(address, true);
	}

	hasToken(address: string): Promise<boolean> {
		return this.#run(address, false);
	}

	async #run(address: string, take: boolean): Promise<boolean> {
		const digest = createHash('sha256').update(address).digest('base64url').slice(0, 22);
		const reply = await tokenBucket.run(
			this.#redis,
			[`${this.#keyPrefix}:${digest}`],
			[this.#limit.burst, this.#limit.perSecond / 1000, take ? '1' : '0']
		);
		return reply === 1;
	}
}
