import { TimerSet, type Clock, type TimerHandle } from '../time/clock';

/**
 * How long a card may wait off screen for what it waits for: a small drop's bytes follow its
 * header at once, and a small photo's copies arrive a few milliseconds after it was chosen, so
 * this is a slow link's or a slow preparation's time, not a frame's.
 */
export const HOLD_CARD_MS = 50;

/**
 * Cards held back from the screen until what they wait for is in (or `HOLD_CARD_MS`), so that
 * the page renders each once, in its settled state, rather than once more on the way:
 * - the receiver's cards of drops that come whole in one chunk, shown once their bytes are in.
 *   Shown at the header, the new card's render and the frame after it ran between the header and
 *   its bytes, and held them up by about 8 ms (traced on the receiving page);
 * - the sender's card of a new drop, shown once its copies arrived (see `DropSender`): its render
 *   and frame, about 11 ms of the page's main thread, ran while a small photo was being prepared
 *   and sent, and held up the worker's answer.
 *
 * A card waiting here is still its drop's: found, counted, refused, called back like any other.
 */
export class CardsInWaiting<Card> {
	readonly #timers: TimerSet;
	readonly #show: (card: Card) => void;
	readonly #waiting = new Map<Card, TimerHandle>();

	constructor(clock: Clock, show: (card: Card) => void) {
		this.#timers = new TimerSet(clock);
		this.#show = show;
	}

	get cards(): Iterable<Card> {
		return this.#waiting.keys();
	}

	has(drop: Card): boolean {
		return this.#waiting.has(drop);
	}

	hold(drop: Card): void {
		this.#waiting.set(
			drop,
			this.#timers.after(HOLD_CARD_MS, () => this.show(drop))
		);
	}

	/** The card goes on screen now, if it was waiting. */
	show(drop: Card): void {
		if (this.withdraw(drop)) this.#show(drop);
	}

	/** The card stops waiting and never goes on screen; true if it was waiting. */
	withdraw(drop: Card): boolean {
		const handle = this.#waiting.get(drop);
		if (handle === undefined) return false;
		this.#waiting.delete(drop);
		this.#timers.clear(handle);
		return true;
	}

	/** How many cards wait (each with its timer). */
	get size(): number {
		return this.#waiting.size;
	}

	/** Leaving the room: nothing waiting goes on screen. */
	clear(): void {
		this.#timers.clearAll();
		this.#waiting.clear();
	}
}
