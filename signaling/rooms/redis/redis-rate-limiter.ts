import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AddressRateLimiter } from '../room-backend';
import { RedisScript, TOKEN_BUCKET_SCRIPT } from './redis-scripts';
import type { RateLimit } from '../../hub/token-bucket';

const tokenBucket = new RedisScript(TOKEN_BUCKET_SCRIPT);

export interface RedisRateLimiterOptions {
	/** e.g. `vanishdrop:limit:join`. */
	keyPrefix: string;
	/**
	 * The deployment's key: keys name an HMAC of the address, which nobody who reads Redis can
	 * reverse by hashing the few billion IPv4 addresses.
	 */
	keySecret: string;
	limit: RateLimit;
}

/**
 * Per-address token buckets in Redis, shared by every process. Keys name a keyed hash of the
 * address rather than the address, and expire as soon as the bucket would be full again.
 */
export class RedisRateLimiter implements AddressRateLimiter {
	readonly #redis: Redis;
	readonly #keyPrefix: string;
	readonly #keySecret: string;
	readonly #limit: RateLimit;

	constructor(redis: Redis, options: RedisRateLimiterOptions) {
		this.#redis = redis;
		this.#keyPrefix = options.keyPrefix;
		this.#keySecret = options.keySecret;
		this.#limit = options.limit;
	}

	take(address: string): Promise<boolean> {
		return this.#run(address, true);
	}

	hasToken(address: string): Promise<boolean> {
		return this.#run(address, false);
	}

	async #run(address: string, take: boolean): Promise<boolean> {
		const digest = createHmac('sha256', this.#keySecret)
			.update(`address:${address}`)
			.digest('base64url')
			.slice(0, 22);
		const reply = await tokenBucket.run(
			this.#redis,
			[`${this.#keyPrefix}:${digest}`],
			[this.#limit.burst, this.#limit.perSecond / 1000, take ? '1' : '0']
		);
		return reply === 1;
	}
}
