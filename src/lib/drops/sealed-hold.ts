import type { SealedCopy } from '../crypto/drop-sealing';
import type { DropHeader } from '../protocol/peer-messages';
import { openSealedDrop } from './load-opening';
import type { Opened } from './open-sealed-drop';
import type { ViewAnswer } from './view-requests';

/** What came of opening a held copy: what it opened into, or why there was nothing to open. */
export type OpenAttempt =
	| Opened
	| { kind: 'refused' }
	| { kind: 'absent' }
	/** The key came after the drop ended (burned, expired): it was zeroed. */
	| { kind: 'ended' };

/**
 * What a received drop holds before its one view: the sealed bytes, which nothing here can open,
 * and the key a leaving sender may have handed over for them. The bytes are handed to
 * `openSealedDrop` once, and everything is zeroed when let go.
 */
export class SealedHold {
	#sealed: { chunks: Uint8Array[]; copy: SealedCopy } | null = null;
	/** The key a leaving sender handed over for this device's one view. */
	#bequest: Uint8Array | null = null;

	/** The sealed bytes arrived whole and their digest matched. */
	keep(chunks: Uint8Array[], copy: SealedCopy): void {
		this.#sealed = { chunks, copy };
	}

	/** Whether the sealed bytes are here, not yet opened. */
	get holding(): boolean {
		return this.#sealed !== null;
	}

	get bequeathed(): boolean {
		return this.#bequest !== null;
	}

	/** Keeps a leaving sender's key for the one view; a second one is zeroed. */
	bequeath(key: Uint8Array): void {
		if (this.#bequest) key.fill(0);
		else this.#bequest = key;
	}

	/**
	 * Opens the copy for the one view, with the key a leaving sender left or else the one `ask`
	 * gets from the sender. `keyIn` is asked once the key is in hand, whether to open: a drop that
	 * ended meanwhile is not opened.
	 */
	async open(header: DropHeader, ask: () => Promise<ViewAnswer>, keyIn: () => boolean): Promise<OpenAttempt> {
		const answer: ViewAnswer = this.#bequest ? { kind: 'key', key: this.#bequest } : await ask();
		this.#bequest = null;
		if (answer.kind !== 'key') return answer;
		const sealed = this.#sealed;
		if (!sealed || !keyIn()) {
			answer.key.fill(0);
			return { kind: 'ended' };
		}
		this.#sealed = null;
		return openSealedDrop(answer.key, sealed.copy, sealed.chunks, header);
	}

	/** Zeroes the sealed bytes and the key, if any. */
	wipe(): void {
		for (const chunk of this.#sealed?.chunks ?? []) chunk.fill(0);
		this.#sealed = null;
		this.#bequest?.fill(0);
		this.#bequest = null;
	}
}
