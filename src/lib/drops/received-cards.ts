import { IncomingDrop } from './incoming-drop.svelte';
import type { HeldDrop } from './receive-budget';

/** The cards on the page that came from others, found by who sent them. */
export class ReceivedCards {
	readonly #drops: () => readonly { readonly id: string }[];
	readonly #waiting: () => Iterable<IncomingDrop>;

	/** `drops`: every drop on screen, both ways; `waiting`: cards not on screen yet (`CardsInWaiting`). */
	constructor(
		drops: () => readonly { readonly id: string }[],
		waiting: () => Iterable<IncomingDrop> = () => []
	) {
		this.#drops = drops;
		this.#waiting = waiting;
	}

	/** Drops are known by sender and id: another member's drop with the same id is not this one. */
	from(peerId: string, id: string): IncomingDrop | undefined {
		return this.#incoming().find((d) => d.id === id && d.fromId === peerId);
	}

	allFrom(peerId: string): IncomingDrop[] {
		return this.#incoming().filter((d) => d.fromId === peerId);
	}

	/** What this device holds for others: drops arriving, unopened or on screen. */
	held(): HeldDrop[] {
		return this.#incoming()
			.filter((d) => d.holdsBytes)
			.map((d) => ({ fromId: d.fromId, size: d.header.size }));
	}

	#incoming(): IncomingDrop[] {
		const shown = this.#drops().filter((d): d is IncomingDrop => d instanceof IncomingDrop);
		return [...this.#waiting(), ...shown];
	}
}
