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
		const now = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
