export type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * Time as the room core sees it. The system clock in the app; a fake in unit tests, so that
 * every timer-driven rule (stuck, retry, expiry, the countdown) runs in milliseconds.
 */
export interface Clock {
	/** Wall-clock milliseconds: expiry times travel between devices as these. */
	now(): number;
	/** Milliseconds that never jump: for durations and rate limits. */
	monotonic(): number;
	setTimeout(run: () => void, ms: number): TimerHandle;
	clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	monotonic: () => performance.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle)
};

/** Longest a timer may be set for: browsers overflow past 2^31 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Timers that can all be cleared at once: what an object with a lifetime holds. */
export class TimerSet {
	readonly #clock: Clock;
	readonly #handles = new Set<TimerHandle>();

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	/** Runs `run` after `ms`, unless `clearAll` came first. */
	after(ms: number, run: () => void): TimerHandle {
		const handle = this.#clock.setTimeout(() => {
			this.#handles.delete(handle);
			run();
		}, ms);
		this.#handles.add(handle);
		return handle;
	}

	at(at: number, run: () => void): TimerHandle {
		return this.after(Math.max(0, Math.min(at - this.#clock.now(), MAX_TIMER_MS)), run);
	}

	clear(handle: TimerHandle | null): void {
		if (handle === null || !this.#handles.delete(handle)) return;
		this.#clock.clearTimeout(handle);
	}

	clearAll(): void {
		for (const handle of this.#handles) this.#clock.clearTimeout(handle);
		this.#handles.clear();
	}

	get size(): number {
		return this.#handles.size;
	}
}
