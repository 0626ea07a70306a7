/** Runs `fn` before the next paint where the page paints; at once where it has no frames (tests, workers). */
function nextFrame(fn: () => void): void {
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fn);
	else fn();
}

/**
 * The latest of a stream of values, handed on at most once per animation frame: a card's
 * progress changes with every chunk, but the screen shows it only once a frame, so the state
 * (and what renders from it) needs to change no more often than that.
 */
export class FrameThrottle<T> {
	readonly #apply: (value: T) => void;
	readonly #frame: (fn: () => void) => void;
	#latest: { value: T } | null = null;

	constructor(apply: (value: T) => void, frame: (fn: () => void) => void = nextFrame) {
		this.#apply = apply;
		this.#frame = frame;
	}

	set(value: T): void {
		const scheduled = this.#latest !== null;
		this.#latest = { value };
		if (scheduled) return;
		this.#frame(() => {
			const latest = this.#latest;
			this.#latest = null;
			if (latest) this.#apply(latest.value);
		});
	}
}

/** What a receiving card shows of its progress. */
interface ProgressCard {
	readonly state: string;
	percent: number;
	readonly header: { readonly size: number };
}

/** `received` bytes of `card`'s drop are in: its percent rises, once a frame at most, while it is receiving. */
export function frameProgress(card: ProgressCard): (received: number) => void {
	const shown = new FrameThrottle<number>((pct) => {
		if (card.state === 'receiving' && pct > card.percent) card.percent = pct;
	});
	return (received) => shown.set(Math.floor((received / card.header.size) * 100));
}
