/** How many of a peer's link ids are remembered: far more links than a pair makes in an hour of retries. */
export const RECENT_LINK_IDS = 64;

/**
 * The link ids used with one peer, shared by its successive links, so that a relayed offer can
 * never reopen one of them (`routeSignal`). Only the newest `capacity` are kept, so an hour-long
 * room does not keep every id it ever used. A server that replays an offer from further back gains
 * a link that fails, as it could by dropping signals: the offer's DTLS fingerprint is of a session
 * long gone, and the safety code is checked on every link.
 */
export class RecentLinkIds {
	readonly #ids = new Set<string>();
	readonly #capacity: number;

	constructor(capacity = RECENT_LINK_IDS) {
		this.#capacity = capacity;
	}

	get size(): number {
		return this.#ids.size;
	}

	has(linkId: string): boolean {
		return this.#ids.has(linkId);
	}

	/** Remembers `linkId` as the newest, forgetting the oldest beyond the capacity. */
	add(linkId: string): void {
		this.#ids.delete(linkId);
		this.#ids.add(linkId);
		for (const oldest of this.#ids) {
			if (this.#ids.size <= this.#capacity) break;
			this.#ids.delete(oldest);
		}
	}
}
