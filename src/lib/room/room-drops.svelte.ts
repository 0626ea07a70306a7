import { DropHistory } from '../drops/drop-history.svelte';
import type { IncomingDrop } from '../drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../drops/outgoing-drop.svelte';

export type RoomDrop = IncomingDrop | OutgoingDrop;

/** Ended drops still shown in full; older ones fold into the history line. */
const KEEP_ENDED_DROPS = 5;

/** The drops on one room page, newest first, both ways; and those that are over, as counts. */
export class RoomDrops {
	list = $state<RoomDrop[]>([]);
	/** The drops that are over, beyond the last few, as counts. */
	readonly history = new DropHistory();
	/** A photo is being prepared, sent or received: the page should stay open and awake. */
	busy = $derived(this.list.some((d) => d.inFlight));
	/** The sender lets go of an outgoing drop that folded away. */
	readonly #forget: (drop: OutgoingDrop) => void;

	constructor(forget: (drop: OutgoingDrop) => void) {
		this.#forget = forget;
	}

	show(drop: RoomDrop): void {
		this.list.unshift(drop);
		// A long session stays small: drops that are over fold into the history line.
		const folded = this.history.fold(this.list, KEEP_ENDED_DROPS);
		if (folded.length === 0) return;
		for (const d of folded) {
			if (d.direction === 'in') d.dispose();
			else this.#forget(d);
		}
		this.list = this.list.filter((d) => !folded.includes(d));
	}

	remove(drop: RoomDrop): void {
		this.list = this.list.filter((d) => d !== drop);
	}

	/** Every picture and key on the page is wiped. */
	wipeAll(): void {
		for (const d of this.list) {
			if (d.direction === 'in') d.dispose();
			else d.wipe();
		}
	}

	/** Ends every view on screen at once (the tab lost focus). */
	endAllViews(): void {
		for (const d of this.list) if (d.direction === 'in') d.close();
	}
}
