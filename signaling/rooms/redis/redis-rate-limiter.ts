import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AddressRateLimiter } from '../room-backend';
import { RedisScript } from './redis-script';
import type { RateLimit } from '../../hub/token-bucket';

/**
 * A token bucket in a hash {tokens, ts}, refilled from Redis's own clock so that every process
 * sees one bucket. KEYS[1]: the bucket; ARGV: burst, tokens per ms, take (1) or peek (0).
 * Returns 1 when a token was there (and, for take, was taken).
 */
const TOKEN_BUCKET_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local burst, perMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local last = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * perMs)
if tokens < 1 then return 0 end
if ARGV[3] ~= '1' then return 1 end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
return 1
`;

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
