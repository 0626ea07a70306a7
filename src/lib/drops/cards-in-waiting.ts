import { TimerSet, type Clock, type TimerHandle } from '../time/clock';
import type { IncomingDrop } from './incoming-drop.svelte';

/**
 * How long the card of a drop of one chunk may wait off screen for its bytes: they follow the
 * header at once, so this is a slow link's time, not a frame's.
 */
export const HOLD_CARD_MS = 50;

/**
 * Cards of drops that come whole in one chunk, held back from the screen until their bytes are
 * in (or `HOLD_CARD_MS`), so that the page renders each once, already sealed. Shown at the
 * header, the new card's render and the frame after it ran between the header and its bytes,
 * and held them up by about 8 ms (traced on the receiving page). A card waiting here is still
 * the receiver's: found, counted in the budget, refused, called back like any other.
 */
export class CardsInWaiting {
	readonly #timers: TimerSet;
	readonly #show: (drop: IncomingDrop) => void;
	readonly #waiting = new Map<IncomingDrop, TimerHandle>();

	constructor(clock: Clock, show: (drop: IncomingDrop) => void) {
		this.#timers = new TimerSet(clock);
		this.#show = show;
	}

	get cards(): Iterable<IncomingDrop> {
		return this.#waiting.keys();
	}

	hold(drop: IncomingDrop): void {
		this.#waiting.set(
			drop,
			this.#timers.after(HOLD_CARD_MS, () => this.show(drop))
		);
	}

	/** The card goes on screen now, if it was waiting. */
	show(drop: IncomingDrop): void {
		const handle = this.#waiting.get(drop);
		if (handle === undefined) return;
		this.#waiting.delete(drop);
		this.#timers.clear(handle);
		this.#show(drop);
	}

	/** Leaving the room: nothing waiting goes on screen. */
	clear(): void {
		this.#timers.clearAll();
		this.#waiting.clear();
	}
}
