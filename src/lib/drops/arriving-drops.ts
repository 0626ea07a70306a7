import { TimerSet, type Clock } from '../time/clock';
import type { DropAssembler } from './drop-assembler';
import type { IncomingDrop } from './incoming-drop.svelte';
import { RECEIVE_BUDGET } from './receive-budget';

export interface Arriving {
	readonly assembler: DropAssembler;
	readonly drop: IncomingDrop;
	/** When the last byte came (monotonic ms): a drop that sees none for a while has stalled. */
	lastAt: number;
}

/** Streams refused for the budget whose bytes may still be on their way; they are let fall. */
const MAX_REFUSED_PER_PEER = 32;

/**
 * The drops on their way to this device, by sender and stream, and the refused streams whose
 * bytes the sender may still send before it hears the refusal. It watches for stalls: a drop
 * that sees no byte for `RECEIVE_BUDGET.stallMs` is handed to `onStall`.
 */
export class ArrivingDrops {
	readonly #clock: Clock;
	readonly #timers: TimerSet;
	readonly #onStall: (peerId: string, stream: number, arriving: Arriving) => void;
	readonly #byPeer = new Map<string, Map<number, Arriving>>();
	/** Bytes still to let fall, by sender and stream. */
	readonly #refused = new Map<string, Map<number, number>>();
	#watching = false;

	constructor(clock: Clock, onStall: (peerId: string, stream: number, arriving: Arriving) => void) {
		this.#clock = clock;
		this.#timers = new TimerSet(clock);
		this.#onStall = onStall;
	}

	get(peerId: string, stream: number): Arriving | undefined {
		return this.#byPeer.get(peerId)?.get(stream);
	}

	/** Whether `stream` from `peerId` is arriving or was refused: a header may not reuse it. */
	isKnown(peerId: string, stream: number): boolean {
		return this.get(peerId, stream) !== undefined || (this.#refused.get(peerId)?.has(stream) ?? false);
	}

	/** Drops from `peerId` whose bytes are still coming (not those being hash-checked). */
	count(peerId: string): number {
		let n = 0;
		for (const { assembler } of this.#byPeer.get(peerId)?.values() ?? []) {
			if (assembler.received < assembler.header.size) n++;
		}
		return n;
	}

	of(peerId: string): Iterable<[number, Arriving]> {
		return this.#byPeer.get(peerId) ?? [];
	}

	start(peerId: string, stream: number, assembler: DropAssembler, drop: IncomingDrop): void {
		let streams = this.#byPeer.get(peerId);
		if (!streams) {
			streams = new Map();
			this.#byPeer.set(peerId, streams);
		}
		streams.set(stream, { assembler, drop, lastAt: this.#clock.monotonic() });
		this.#watch();
	}

	/** A chunk came for this drop: it is alive. */
	touch(arriving: Arriving): void {
		arriving.lastAt = this.#clock.monotonic();
	}

	/** The drop is no longer arriving (complete, refused, failed); its bytes are not wiped here. */
	end(peerId: string, stream: number): void {
		const streams = this.#byPeer.get(peerId);
		streams?.delete(stream);
		if (streams?.size === 0) this.#byPeer.delete(peerId);
	}

	/**
	 * Wipes what arrived on `stream` and forgets it. A stalled drop's late bytes may still come:
	 * with `letRestFall`, the rest of what it promised is let fall.
	 */
	discard(peerId: string, stream: number, letRestFall = false): void {
		const arriving = this.get(peerId, stream);
		if (!arriving) return;
		const { assembler } = arriving;
		assembler.wipe();
		this.end(peerId, stream);
		if (letRestFall) this.refuse(peerId, stream, assembler.header.size - assembler.received);
	}

	/** Wipes and forgets every stream of `drop` from `peerId`: revoked, or given up by its sender. True if one was arriving. */
	discardDrop(peerId: string, drop: IncomingDrop): boolean {
		let found = false;
		for (const [stream, arriving] of [...this.of(peerId)]) {
			if (arriving.drop !== drop) continue;
			this.discard(peerId, stream);
			found = true;
		}
		return found;
	}

	/** Remembers that `size` more bytes may come on `stream`, to be let fall. */
	refuse(peerId: string, stream: number, size: number): void {
		let refused = this.#refused.get(peerId);
		if (!refused) {
			refused = new Map();
			this.#refused.set(peerId, refused);
		}
		refused.set(stream, size);
		for (const oldest of refused.keys()) {
			if (refused.size <= MAX_REFUSED_PER_PEER) break;
			refused.delete(oldest);
		}
	}

	/**
	 * Lets a chunk of a refused stream fall: 'let-fall', or 'overflow' when it is more than that
	 * stream promised; null when the stream was not refused.
	 */
	letFall(peerId: string, stream: number, bytes: number): 'let-fall' | 'overflow' | null {
		const refused = this.#refused.get(peerId);
		const left = refused?.get(stream);
		if (!refused || left === undefined) return null;
		if (bytes > left) return 'overflow';
		refused.set(stream, left - bytes);
		return 'let-fall';
	}

	/** The refused stream's `drop-end` came: it is over. False when it was not refused. */
	endRefused(peerId: string, stream: number): boolean {
		return this.#refused.get(peerId)?.delete(stream) ?? false;
	}

	/** Forgets everything from `peerId`; returns what was arriving, for the caller to wipe. */
	forget(peerId: string): Arriving[] {
		const all = [...(this.#byPeer.get(peerId)?.values() ?? [])];
		this.#byPeer.delete(peerId);
		this.#refused.delete(peerId);
		return all;
	}

	/** Every drop arriving now, with its peer and stream. */
	streams(): { peerId: string; stream: number; arriving: Arriving }[] {
		return [...this.#byPeer].flatMap(([peerId, streams]) =>
			[...streams].map(([stream, arriving]) => ({ peerId, stream, arriving }))
		);
	}

	/** Forgets everything; returns what was arriving, for the caller to wipe. */
	clear(): Arriving[] {
		const all = this.streams().map(({ arriving }) => arriving);
		this.#byPeer.clear();
		this.#refused.clear();
		this.#timers.clearAll();
		this.#watching = false;
		return all;
	}

	/** One timer for all arriving drops, while there are any: no work per chunk. */
	#watch(): void {
		if (this.#watching) return;
		this.#watching = true;
		this.#timers.after(RECEIVE_BUDGET.stallMs / 3, () => {
			this.#watching = false;
			const now = this.#clock.monotonic();
			for (const [peerId, streams] of [...this.#byPeer]) {
				for (const [stream, arriving] of [...streams]) {
					if (now - arriving.lastAt >= RECEIVE_BUDGET.stallMs) this.#onStall(peerId, stream, arriving);
				}
			}
			if (this.#byPeer.size > 0) this.#watch();
		});
	}
}
