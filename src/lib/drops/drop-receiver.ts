import { type DropHeader, type PeerMessage, type RevokeReason } from '../protocol/peer-messages';
import { CHUNK_BYTES } from '../protocol/peer-messages';
import type { Clock } from '../time/clock';
import { DropAssembler } from './drop-assembler';
import { IncomingDrop } from './incoming-drop.svelte';

/** At most this many drops from one peer may be arriving at once: each reserves memory. */
export const MAX_INCOMING_PER_PEER = 4;
/** A sender that stays silent can't hold the photo hostage: this device's one view stands. */
export const VIEW_ANSWER_TIMEOUT_MS = 10_000;

/** Why the receiver would not take what a peer sent; the peer channel treats each as hostile. */
export type Refusal =
	| 'duplicate-drop'
	| 'too-many-arriving'
	| 'too-big'
	| 'unknown-stream'
	| 'short-chunk'
	| 'broken-promise'
	| 'unknown-drop';

/** Who sent a drop, as the receiver needs to know them. */
export interface DropSource {
	readonly id: string;
	readonly name: string;
}

export interface DropReceiverOptions {
	clock: Clock;
	/** Puts a new card on screen, newest first. */
	show: (drop: IncomingDrop) => void;
	/** Every drop on screen, both ways. */
	drops: () => readonly { readonly id: string }[];
	send: (peerId: string, m: PeerMessage) => void;
	/** Whether the sender is still connected and ready to answer a view request. */
	isPresent: (peerId: string) => boolean;
	/** Told when a drop has arrived whole (for announcements and benches). */
	onSealed?: (drop: IncomingDrop) => void;
}

interface Arriving {
	assembler: DropAssembler;
	drop: IncomingDrop;
}

/**
 * The receiving half of every drop: a header becomes a sealed card once its bytes arrive whole,
 * views are asked of the sender, and whatever breaks a header's promise is refused.
 */
export class DropReceiver {
	readonly #o: DropReceiverOptions;
	/** Drops still arriving, by sender and stream. */
	readonly #arriving = new Map<string, Map<number, Arriving>>();
	/** View requests waiting for the sender's answer, by sender and drop id. */
	readonly #viewWaits = new Map<string, (granted: boolean) => void>();

	constructor(options: DropReceiverOptions) {
		this.#o = options;
	}

	/** A header: the drop is shown as receiving, and its bytes are awaited. */
	onHeader(from: DropSource, header: DropHeader): Refusal | null {
		const streams = this.#streamsOf(from.id);
		// Drops are known by sender and id: another member reusing this id changes nothing here.
		if (streams.has(header.stream) || this.#cardFrom(from.id, header.id)) return 'duplicate-drop';
		if (streams.size >= MAX_INCOMING_PER_PEER) return 'too-many-arriving';
		const assembler = DropAssembler.start(header);
		if (!(assembler instanceof DropAssembler)) return 'too-big';
		const drop = new IncomingDrop(
			header,
			from.id,
			from.name,
			{
				sendReceipt: (status) =>
					this.#o.send(from.id, { t: 'receipt', id: header.id, status, at: this.#o.clock.now() }),
				requestView: () => this.#requestView(from.id, header.id)
			},
			this.#o.clock
		);
		this.#o.show(drop);
		streams.set(header.stream, { assembler, drop });
		return null;
	}

	/**
	 * One chunk of a drop's bytes. After the last one the hash is checked off the main thread:
	 * the refusal, if any, then comes as a promise.
	 */
	onChunk(from: DropSource, stream: number, payload: Uint8Array): Refusal | null | Promise<Refusal | null> {
		const arriving = this.#arriving.get(from.id)?.get(stream);
		if (!arriving) return 'unknown-stream';
		const { assembler, drop } = arriving;
		// Only the last chunk of a drop may be short: a stream of tiny chunks is a flood.
		const isLast = assembler.received + payload.length === assembler.header.size;
		if (payload.length < CHUNK_BYTES && !isLast) return 'short-chunk';
		const result = assembler.accept(payload);
		if (result.kind === 'progress') {
			drop.progress(result.received);
			return null;
		}
		if (result.kind === 'error') return this.#refuse(from.id, stream, drop);
		return result.verified.then((verified) => {
			// Wiped while the hash was computed (the peer left, the drop was revoked).
			if (this.#arriving.get(from.id)?.get(stream)?.assembler !== assembler) return null;
			if (verified.kind === 'error') return this.#refuse(from.id, stream, drop);
			this.#arriving.get(from.id)?.delete(stream);
			drop.sealed(verified.bytes);
			this.#o.onSealed?.(drop);
			return null;
		});
	}

	/** The sender took back a drop that this device has not opened. */
	onRevoke(from: DropSource, id: string, reason: RevokeReason): Refusal | null {
		const drop = this.#cardFrom(from.id, id);
		if (!drop) return 'unknown-drop';
		this.#forgetStreamsOf(from.id, drop);
		drop.revoke(reason);
		return null;
	}

	/** The sender gave up sending a drop. */
	onAbort(from: DropSource, id: string): Refusal | null {
		const drop = this.#cardFrom(from.id, id);
		if (!drop) return 'unknown-drop';
		this.#forgetStreamsOf(from.id, drop);
		drop.fail();
		return null;
	}

	onViewAnswer(from: DropSource, id: string, granted: boolean): void {
		this.#answer(waitKey(from.id, id), granted);
	}

	#answer(key: string, granted: boolean): void {
		const answer = this.#viewWaits.get(key);
		this.#viewWaits.delete(key);
		answer?.(granted);
	}

	/**
	 * The connection to `peerId` is gone: what was still arriving fails, and views waiting for an
	 * answer fall back to this device's own one view.
	 */
	connectionLost(peerId: string): void {
		for (const key of [...this.#viewWaits.keys()]) {
			if (key.startsWith(`${peerId}/`)) this.#answer(key, true);
		}
		for (const { assembler, drop } of this.#arriving.get(peerId)?.values() ?? []) {
			assembler.wipe();
			drop.fail();
		}
		this.#arriving.delete(peerId);
	}

	/** Leaving the room: everything received is wiped, and no answer is awaited any more. */
	stop(): void {
		for (const answer of this.#viewWaits.values()) answer(false);
		this.#viewWaits.clear();
		for (const streams of this.#arriving.values()) {
			for (const { assembler, drop } of streams.values()) {
				assembler.wipe();
				drop.dispose();
			}
		}
		this.#arriving.clear();
	}

	/** Drops arriving from `peerId` right now. */
	arrivingFrom(peerId: string): number {
		return this.#arriving.get(peerId)?.size ?? 0;
	}

	#streamsOf(peerId: string): Map<number, Arriving> {
		let streams = this.#arriving.get(peerId);
		if (!streams) {
			streams = new Map();
			this.#arriving.set(peerId, streams);
		}
		return streams;
	}

	#cardFrom(peerId: string, id: string): IncomingDrop | undefined {
		return this.#o
			.drops()
			.find((d): d is IncomingDrop => d instanceof IncomingDrop && d.id === id && d.fromId === peerId);
	}

	#forgetStreamsOf(peerId: string, drop: IncomingDrop): void {
		const streams = this.#arriving.get(peerId);
		for (const [stream, arriving] of streams ?? []) {
			if (arriving.drop !== drop) continue;
			arriving.assembler.wipe();
			streams?.delete(stream);
		}
	}

	/** The bytes broke the header's promise (too many, or the wrong hash). */
	#refuse(peerId: string, stream: number, drop: IncomingDrop): Refusal {
		this.#arriving.get(peerId)?.get(stream)?.assembler.wipe();
		this.#arriving.get(peerId)?.delete(stream);
		drop.fail();
		this.#o.send(peerId, { t: 'receipt', id: drop.id, status: 'failed', at: this.#o.clock.now() });
		return 'broken-promise';
	}

	/** Asks the sender for a view. With the sender gone, this device's own one view still holds. */
	#requestView(peerId: string, dropId: string): Promise<boolean> {
		if (!this.#o.isPresent(peerId)) return Promise.resolve(true);
		this.#o.send(peerId, { t: 'view-request', id: dropId });
		return new Promise((resolve) => {
			const key = waitKey(peerId, dropId);
			this.#viewWaits.get(key)?.(false);
			const timer = this.#o.clock.setTimeout(() => this.#answer(key, true), VIEW_ANSWER_TIMEOUT_MS);
			this.#viewWaits.set(key, (granted) => {
				this.#o.clock.clearTimeout(timer);
				resolve(granted);
			});
		});
	}
}

function waitKey(peerId: string, dropId: string): string {
	return `${peerId}/${dropId}`;
}
