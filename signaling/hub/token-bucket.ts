export interface RateLimit {
	/** Messages a connection may send at once. */
	burst: number;
	/** Messages per second that refill the bucket. */
	perSecond: number;
}

/** A classic token bucket; the clock is injectable so tests need no sleeps. */
export class TokenBucket {
	readonly #burst: number;
	readonly #perMs: number;
	readonly #now: () => number;
	#tokens: number;
	#last: number;

	constructor(limit: RateLimit, now: () => number = () => performance.now()) {
		this.#burst = limit.burst;
		this.#perMs = limit.perSecond / 1000;
		this.#now = now;
		this.#tokens = limit.burst;
		this.#last = now();
	}

	/** Takes one token; false when the bucket is empty. */
	take(): boolean {
		this.#refill();
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** Whether `take()` would succeed now, without taking. */
	hasToken(): boolean {
		this.#refill();
		return this.#tokens >= 1;
	}

	/** A full bucket behaves exactly like a new one, so its owner may forget it. */
	isFull(): boolean {
		this.#refill();
		return this.#tokens >= this.#burst;
	}

	#refill(): void {
		const now = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
		this.#last = now;
	}
}

export interface KeyedBucketOptions {
	/** Most keys tracked at once; past it the least recently used bucket is forgotten. */
	maxKeys: number;
	now?: () => number;
}

/**
 * One token bucket per key (a client address) in a map that stays bounded however many keys
 * turn up: refilled buckets are dropped since a fresh one is identical, and past `maxKeys` the
 * least recently used goes (that key merely gets a fresh burst).
 */
export class KeyedTokenBuckets {
	readonly #limit: RateLimit;
	readonly #maxKeys: number;
	readonly #now: () => number;
	// Map order is use order: re-inserting on every take keeps the idlest buckets first.
	readonly #buckets = new Map<string, TokenBucket>();

	constructor(limit: RateLimit, options: KeyedBucketOptions) {
		this.#limit = limit;
		this.#maxKeys = Math.max(1, options.maxKeys);
		this.#now = options.now ?? (() => performance.now());
	}

	get size(): number {
		return this.#buckets.size;
	}

	/** Takes one token from `key`'s bucket; false when it is empty. */
	take(key: string): boolean {
		this.#dropRefilled();
		const bucket = this.#buckets.get(key) ?? new TokenBucket(this.#limit, this.#now);
		this.#buckets.delete(key);
		this.#buckets.set(key, bucket);
		for (const oldest of this.#buckets.keys()) {
			if (this.#buckets.size <= this.#maxKeys) break;
			this.#buckets.delete(oldest);
		}
		return bucket.take();
	}

	/** Whether `take(key)` would succeed now, without taking. */
	hasToken(key: string): boolean {
		return this.#buckets.get(key)?.hasToken() ?? true;
	}

	/**
	 * Drops every refilled bucket, however recently used: run from a timer, so that once clients
	 * stop coming their addresses are forgotten even if nobody takes a token again.
	 */
	sweep(): void {
		for (const [key, bucket] of this.#buckets) if (bucket.isFull()) this.#buckets.delete(key);
	}

	/** Drops refilled buckets from the idle end; each bucket is dropped once, so this is cheap. */
	#dropRefilled(): void {
		for (const [key, bucket] of this.#buckets) {
			if (!bucket.isFull()) break;
			this.#buckets.delete(key);
		}
	}
}
