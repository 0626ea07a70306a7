export interface AskBookOptions {
	/** How long an ask waits for its answer. */
	answerMs: number;
	/** How soon one device may ask the same device again. */
	cooldownMs: number;
	/** Asks one device may have waiting at once. */
	maxOpenPerAsker: number;
	now: () => number;
}

/** Outcome of an ask: it may go, or the same asker asked this device a moment ago. */
export type AskVerdict = 'ok' | 'too-soon';

const pair = (from: string, to: string): string => `${from}>${to}`;

/**
 * The asks under way on this process, in memory only: who asked whom (ids, never names), until
 * the answer or the time limit. It decides whether an ask may go (not the same device again
 * within the cooldown, not too many waiting) and whether an answer was asked for, on the
 * asker's side (`outgoing`) and on the asked device's (`incoming`).
 */
export class AskBook {
	readonly #o: AskBookOptions;
	/** Pair -> when the ask was made (for the cooldown) and whether it still waits for its answer. */
	readonly #outgoing = new Map<string, { at: number; open: boolean }>();
	readonly #incoming = new Map<string, number>();

	constructor(options: AskBookOptions) {
		this.#o = options;
	}

	/** Records an ask from `from` (connected here) to `to`, unless it is too soon. */
	ask(from: string, to: string): AskVerdict {
		this.sweep();
		const now = this.#o.now();
		const last = this.#outgoing.get(pair(from, to));
		if (last !== undefined && now - last.at < this.#o.cooldownMs) return 'too-soon';
		let waiting = 0;
		for (const [key, ask] of this.#outgoing) {
			if (key.startsWith(`${from}>`) && ask.open && now - ask.at < this.#o.answerMs) waiting++;
		}
		if (waiting >= this.#o.maxOpenPerAsker) return 'too-soon';
		this.#outgoing.set(pair(from, to), { at: now, open: true });
		return 'ok';
	}

	/** `to` (connected here) was handed an ask from `from`. */
	asked(from: string, to: string): void {
		this.#incoming.set(pair(from, to), this.#o.now());
	}

	/** Whether `to` may answer `from`: it was asked, within the time limit. Answering uses it up. */
	takeIncoming(from: string, to: string): boolean {
		return this.#take(this.#incoming, pair(from, to));
	}

	/** Whether `from` (connected here) waits for an answer from `to`. Hearing one uses it up. */
	takeOutgoing(from: string, to: string): boolean {
		const ask = this.#outgoing.get(pair(from, to));
		if (!ask?.open || this.#o.now() - ask.at >= this.#o.answerMs) return false;
		// Kept, answered, so that the cooldown still holds for this pair.
		ask.open = false;
		return true;
	}

	/** Forgets every ask to or from `id`, which left. */
	forget(id: string): void {
		for (const map of [this.#outgoing, this.#incoming]) {
			for (const key of map.keys()) {
				const [from, to] = key.split('>');
				if (from === id || to === id) map.delete(key);
			}
		}
	}

	/** Drops what no rule needs any more. */
	sweep(): void {
		const now = this.#o.now();
		const keep = Math.max(this.#o.answerMs, this.#o.cooldownMs);
		for (const [key, ask] of this.#outgoing) if (now - ask.at >= keep) this.#outgoing.delete(key);
		for (const [key, at] of this.#incoming) if (now - at >= this.#o.answerMs) this.#incoming.delete(key);
	}

	get size(): number {
		return this.#outgoing.size + this.#incoming.size;
	}

	#take(map: Map<string, number>, key: string): boolean {
		const at = map.get(key);
		map.delete(key);
		return at !== undefined && this.#o.now() - at < this.#o.answerMs;
	}
}
