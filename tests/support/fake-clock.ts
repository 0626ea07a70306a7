import type { Clock, TimerHandle } from '../../src/lib/time/clock';

interface Pending {
	at: number;
	seq: number;
	run: () => void;
}

/** A clock that moves only when a test says so; its timers run in order as time passes. */
export class FakeClock implements Clock {
	#now: number;
	#monotonic = 0;
	#seq = 0;
	readonly #pending = new Map<number, Pending>();

	constructor(start = Date.UTC(2026, 11, 1, 12)) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	monotonic(): number {
		return this.#monotonic;
	}

	setTimeout(run: () => void, ms: number): TimerHandle {
		const seq = ++this.#seq;
		this.#pending.set(seq, { at: this.#monotonic + Math.max(0, ms), seq, run });
		return seq as unknown as TimerHandle;
	}

	clearTimeout(handle: TimerHandle): void {
		this.#pending.delete(handle as unknown as number);
	}

	/** Timers not yet run. */
	get pending(): number {
		return this.#pending.size;
	}

	/** Moves time on by `ms`, running every timer that falls due, in order. */
	advance(ms: number): void {
		const end = this.#monotonic + ms;
		for (;;) {
			const next = [...this.#pending.values()].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
			if (!next || next.at > end) break;
			this.#pending.delete(next.seq);
			this.#now += next.at - this.#monotonic;
			this.#monotonic = next.at;
			next.run();
		}
		this.#now += end - this.#monotonic;
		this.#monotonic = end;
	}
}
