import type { InState, OutState } from './drop-lifecycle';

type EndedIn = Extract<InState, 'destroyed' | 'expired' | 'burned' | 'failed'>;
type EndedOut = Extract<OutState, 'done' | 'expired' | 'burned' | 'failed'>;

/** A drop that is over, as the history needs it. */
export type EndedDrop = { direction: 'in'; state: EndedIn } | { direction: 'out'; state: EndedOut };

/**
 * The drops of a long session that are over, folded into counts: what the history line shows
 * ("41 earlier photos: 39 destroyed, 2 expired"), and nothing else. A folded drop leaves no
 * buffer, canvas, closure or timer behind.
 */
export class DropHistory {
	received = $state<Partial<Record<EndedIn, number>>>({});
	sent = $state<Partial<Record<EndedOut, number>>>({});
	total = $state(0);

	/**
	 * Folds every ended drop but the `keep` most recent into the counts; returns the ones folded,
	 * for the caller to take off the page and wipe.
	 */
	fold<D extends { readonly ended: EndedDrop | null }>(drops: readonly D[], keep: number): D[] {
		const folded: D[] = [];
		let seen = 0;
		for (const drop of drops) {
			const ended = drop.ended;
			if (!ended || seen++ < keep) continue;
			this.add(ended);
			folded.push(drop);
		}
		return folded;
	}

	add(drop: EndedDrop): void {
		if (drop.direction === 'in') this.received[drop.state] = (this.received[drop.state] ?? 0) + 1;
		else this.sent[drop.state] = (this.sent[drop.state] ?? 0) + 1;
		this.total++;
	}
}
