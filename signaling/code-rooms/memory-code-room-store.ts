import type { CodeRoomStore } from './code-room-store';

interface Expiring {
	until: number;
}

interface Failures extends Expiring {
	pairs: Set<string>;
}

/** A map whose entries lapse, capped: when full, lapsed entries go first, then the oldest. */
class ExpiringMap<V extends Expiring> {
	readonly #entries = new Map<string, V>();
	readonly #max: number;
	readonly #now: () => number;

	constructor(max: number, now: () => number) {
		this.#max = max;
		this.#now = now;
	}

	get(key: string): V | undefined {
		const entry = this.#entries.get(key);
		if (entry && entry.until <= this.#now()) {
			this.#entries.delete(key);
			return undefined;
		}
		return entry;
	}

	set(key: string, value: V): void {
		this.#entries.delete(key);
		if (this.#entries.size >= this.#max) this.#evict();
		this.#entries.set(key, value);
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}

	get size(): number {
		return this.#entries.size;
	}

	/** Drops the lapsed entries: a closed or held nameplate nobody asks about again. */
	sweep(): void {
		const now = this.#now();
		for (const [key, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(key);
	}

	#evict(): void {
		this.sweep();
		const oldest = this.#entries.keys().next();
		if (this.#entries.size >= this.#max && !oldest.done) this.#entries.delete(oldest.value);
	}
}

/** The single-process `CodeRoomStore`. */
export class MemoryCodeRoomStore implements CodeRoomStore {
	readonly #now: () => number;
	readonly #holds: ExpiringMap<Expiring>;
	readonly #closed: ExpiringMap<Expiring>;
	readonly #failures: ExpiringMap<Failures>;

	constructor(options: { maxEntries: number; now?: () => number }) {
		this.#now = options.now ?? (() => performance.now());
		const max = Math.max(1, options.maxEntries);
		this.#holds = new ExpiringMap(max, this.#now);
		this.#closed = new ExpiringMap(max, this.#now);
		this.#failures = new ExpiringMap(max, this.#now);
	}

	async hold(nameplate: string, ms: number): Promise<boolean> {
		if (this.#holds.get(nameplate) || this.#closed.get(nameplate)) return false;
		this.#holds.set(nameplate, { until: this.#now() + ms });
		this.#failures.delete(nameplate);
		return true;
	}

	async countFailure(nameplate: string, pair: string, ms: number): Promise<number> {
		const entry = this.#failures.get(nameplate) ?? { until: 0, pairs: new Set<string>() };
		entry.pairs.add(pair);
		entry.until = this.#now() + ms;
		this.#failures.set(nameplate, entry);
		return entry.pairs.size;
	}

	async close(nameplate: string, ms: number): Promise<void> {
		this.#closed.set(nameplate, { until: this.#now() + ms });
		this.#failures.delete(nameplate);
		this.#holds.delete(nameplate);
	}

	async isClosed(nameplate: string): Promise<boolean> {
		return this.#closed.get(nameplate) !== undefined;
	}

	/** Nameplates held, closed or with failures, lapsed or not (until `sweep`). */
	get size(): number {
		return this.#holds.size + this.#closed.size + this.#failures.size;
	}

	/** Forgets what has lapsed; the backend runs it from a timer. */
	sweep(): void {
		for (const map of [this.#holds, this.#closed, this.#failures]) map.sweep();
	}
}
