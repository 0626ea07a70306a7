import type { Clock } from '../time/clock';

/** Control messages a peer may send per second, sustained, with a burst of `TEXT_BURST`. */
const TEXT_PER_SECOND = 50;
const TEXT_BURST = 200;

/** A token bucket against a flood of small control messages from one peer. */
export class TextRateLimit {
	readonly #clock: Clock;
	#tokens = TEXT_BURST;
	#refilledAt: number;

	constructor(clock: Clock) {
		this.#clock = clock;
		this.#refilledAt = clock.monotonic();
	}

	allow(): boolean {
		const now = this.#clock.monotonic();
		this.#tokens = Math.min(TEXT_BURST, this.#tokens + ((now - this.#refilledAt) / 1000) * TEXT_PER_SECOND);
		this.#refilledAt = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
