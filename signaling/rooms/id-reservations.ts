import { timingSafeEqual } from 'node:crypto';

/**
 * The ids of a room's departed members, each kept for its resume token (its hash) until it
 * lapses: the member's own tab may take its place again, nobody else may meanwhile.
 */
export class IdReservations {
	readonly #byId = new Map<string, { tokenHash: Buffer; until: number }>();

	get size(): number {
		return this.#byId.size;
	}

	reserve(peerId: string, tokenHash: Buffer, until: number): void {
		this.#byId.set(peerId, { tokenHash, until });
	}

	/** Whether a join with `tokenHash` may use `peerId` at `now`. */
	mayClaim(peerId: string, tokenHash: Buffer, now: number): boolean {
		const reservation = this.#byId.get(peerId);
		if (!reservation || reservation.until <= now) return true;
		return timingSafeEqual(reservation.tokenHash, tokenHash);
	}

	/** The id is in use again (or was never reserved). */
	release(peerId: string): void {
		this.#byId.delete(peerId);
	}

	/** Drops the lapsed reservations. */
	sweep(now: number): void {
		for (const [id, reservation] of this.#byId) if (reservation.until <= now) this.#byId.delete(id);
	}
}
