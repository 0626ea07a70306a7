/**
 * How many copies made for one recipient each (watermarked photos) a device makes and hands to
 * its links at once. Each is a fresh encode in a worker of its own: a full room's watermarked
 * drop made 19 at once (the sender's renderer RSS +420 to +490 MB in the room20 bench; +100 MB
 * with three). Three keep the uplink busy, as each link drains what it was handed while the next
 * copy is made. Drops without a watermark are sealed for every recipient from the one copy,
 * chunk by chunk, so they make no copy to bound and do not wait for a slot; what each link
 * buffers is bounded by its writer's high-water mark.
 */
export const COPIES_AT_ONCE = 3;

/** At most `limit` tasks running at a time; the others wait their turn, first come first served. */
export class CopySlots {
	readonly #limit: number;
	#running = 0;
	readonly #queue: (() => void)[] = [];

	constructor(limit: number = COPIES_AT_ONCE) {
		if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a slot limit is a whole number from 1');
		this.#limit = limit;
	}

	get running(): number {
		return this.#running;
	}

	get waiting(): number {
		return this.#queue.length;
	}

	/**
	 * Runs `task` once a slot is free and frees it when the task settles. Rejects with the
	 * signal's reason, without running the task or keeping its place, if `signal` aborts first.
	 */
	async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		await this.#take(signal);
		try {
			return await task();
		} finally {
			this.#running--;
			this.#queue.shift()?.();
		}
	}

	#take(signal: AbortSignal | undefined): Promise<void> {
		signal?.throwIfAborted();
		if (this.#running < this.#limit) {
			this.#running++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				this.#queue.splice(this.#queue.indexOf(turn), 1);
				reject(signal!.reason as Error);
			};
			const turn = () => {
				signal?.removeEventListener('abort', onAbort);
				this.#running++;
				resolve();
			};
			this.#queue.push(turn);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}
}
