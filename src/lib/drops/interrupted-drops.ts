/** More than the drops that can be arriving from a few senders at once (`RECEIVE_BUDGET.arrivingPerPeer`). */
const MAX_INTERRUPTED = 32;

/**
 * The drops whose bytes were cut off with their sender's link: their cards failed, and each may
 * come once more, as a fresh copy under a new header, when the link is back (`LinkDropResends`
 * on the sender). Any other header for a drop already here is still a duplicate. Bounded: the
 * oldest are forgotten first.
 */
export class InterruptedDrops {
	readonly #ids = new Set<string>();

	add(peerId: string, dropId: string): void {
		this.#ids.add(`${peerId}/${dropId}`);
		for (const oldest of this.#ids) {
			if (this.#ids.size <= MAX_INTERRUPTED) break;
			this.#ids.delete(oldest);
		}
	}

	/** Whether `dropId` from `peerId` was cut off and may come again; it may only once. */
	take(peerId: string, dropId: string): boolean {
		return this.#ids.delete(`${peerId}/${dropId}`);
	}

	/** The sender left: none of its drops comes again. */
	forget(peerId: string): void {
		for (const key of this.#ids) if (key.startsWith(`${peerId}/`)) this.#ids.delete(key);
	}

	get size(): number {
		return this.#ids.size;
	}
}
