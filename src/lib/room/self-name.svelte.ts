import { isConfusable } from '../protocol/name-fold';
import { SERVER_ERRORS } from '../text/user-messages';

/** How many fresh names to try before keeping a clashing one (the odds of needing more are nil). */
const TRIES = 50;

/** What a change of this device's name reaches. */
export interface SelfNamePort {
	/** The name before a rename, for the membership to restore if the server refuses it. */
	renamed(previous: string): void;
	/** Tells the server (`rename`). */
	sendRename(name: string): void;
	/** Tells each ready device, over its verified channel. */
	tellPeers(name: string): void;
	generateName(): string;
	alert(text: string): void;
}

/**
 * This device's name in the room: the one on screen, what the person chose, and the rule that two
 * devices in one room are never called alike (they could not be told apart in a receipt or a
 * watermark, and the server would refuse it too).
 */
export class SelfName {
	#name = $state('');
	/** The person typed their name: it is never changed for them. */
	#chosen = false;
	readonly #port: SelfNamePort;

	constructor(initial: string, port: SelfNamePort) {
		this.#name = initial;
		this.#port = port;
	}

	get current(): string {
		return this.#name;
	}

	get chosen(): boolean {
		return this.#chosen;
	}

	/** The person typed `name`; `others` are the devices here, whose names it must not look like. */
	rename(name: string, others: readonly { name: string }[]): void {
		if (
			isConfusable(
				name,
				others.map((p) => p.name)
			)
		)
			return this.#port.alert(SERVER_ERRORS['name-taken']);
		this.#chosen = true;
		this.#set(name);
	}

	/**
	 * This device joined and finds `others` there: a generated name that is taken is swapped for a
	 * free one.
	 */
	joinedWith(others: readonly { name: string }[]): void {
		if (this.#chosen) return;
		const name = freeName(this.#name, others, this.#port.generateName);
		if (name) this.#set(name);
	}

	/** The name on screen, and the one each ready device hears (a refused join or rename). */
	show(name: string): void {
		this.#name = name;
		this.#port.tellPeers(name);
	}

	#set(name: string): void {
		this.#port.renamed(this.#name);
		this.show(name);
		this.#port.sendRename(name);
	}
}

/**
 * A name no other device in the room has: null when `current` is free, else a freshly generated
 * one (or null if none was free after a few tries).
 */
export function freeName(
	current: string,
	others: readonly { name: string }[],
	generate: () => string
): string | null {
	const taken = (name: string) => others.some((p) => p.name === name);
	if (!taken(current)) return null;
	for (let i = 0; i < TRIES; i++) {
		const name = generate();
		if (!taken(name)) return name;
	}
	return null;
}
