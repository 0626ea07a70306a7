import type { DropHeader, DropKind, PeerMessage, RevokeReason } from '../protocol/peer-messages';
import { TimerSet, type Clock } from '../time/clock';
import { ArrivingDrops, type Arriving } from './arriving-drops';
import { CardsInWaiting } from './cards-in-waiting';
import { chunkRefusal, startAssembly, strayChunkRefusal, type Refusal } from './drop-refusals';
import type { OpenProblem } from './open-sealed-drop';
import { IncomingDrop } from './incoming-drop.svelte';
import { InterruptedDrops } from './interrupted-drops';
import { checkBudget, clampExpiry, type BudgetRefusal } from './receive-budget';
import { ReceivedCards } from './received-cards';
import { ViewRequests } from './view-requests';

export type { Refusal } from './drop-refusals';

/**
 * How long a sender that left may still hand over keys. Its tab sends them over the data channel
 * just before it leaves, and the server's `peer-left` can overtake them on the other path.
 */
export const BEQUEST_GRACE_MS = 2_000;

/** Who sent a drop, as the receiver needs to know them. */
export interface DropSource {
	readonly id: string;
	readonly name: string;
}

export interface DropReceiverOptions {
	clock: Clock;
	/** Puts a new card on screen, newest first. */
	show: (drop: IncomingDrop) => void;
	/** Takes a card away: one cut off with the link, when its copy comes again. */
	remove?: (drop: IncomingDrop) => void;
	/** Every drop on screen, both ways. */
	drops: () => readonly { readonly id: string }[];
	send: (peerId: string, m: PeerMessage) => void;
	/** Whether the sender is still connected and ready to answer a view request. */
	isPresent: (peerId: string) => boolean;
	/** A drop refused because this device holds enough from that sender or from everyone. */
	onOverBudget?: (from: DropSource, why: BudgetRefusal, kind: DropKind) => void;
	/** A sealed copy whose key does not open it (a hostile sender changed bytes). */
	onBadSeal?: (from: DropSource, kind: DropKind) => void;
	/** A drop that stopped arriving. */
	onStalled?: (from: DropSource, kind: DropKind) => void;
	/** A drop its sender called back before it arrived whole (it failed the sender's check). */
	onCalledBack?: (from: DropSource, kind: DropKind) => void;
	/** Content whose own bytes broke its header's promise (a photo's size or format, a bomb, a clip's length). */
	onContentRefused?: (
		from: DropSource,
		problem: Exclude<OpenProblem, 'bad-seal'>,
		drop: IncomingDrop
	) => void;
	/** Told when a drop has arrived whole (for announcements and benches). */
	onSealed?: (drop: IncomingDrop) => void;
}

/**
 * The receiving half of every drop: a header becomes a sealed card once its bytes arrive whole,
 * views are asked of the sender, and whatever breaks a header's promise is refused. What the
 * tab holds for others stays within `RECEIVE_BUDGET`.
 */
export class DropReceiver {
	readonly #o: DropReceiverOptions;
	readonly #cards: ReceivedCards;
	readonly #arriving: ArrivingDrops;
	readonly #views: ViewRequests;
	readonly #leavers: TimerSet;
	readonly #interrupted = new InterruptedDrops();
	/** Cards of one-chunk drops, shown once their bytes are in. */
	readonly #waiting: CardsInWaiting<IncomingDrop>;

	constructor(options: DropReceiverOptions) {
		this.#o = options;
		this.#waiting = new CardsInWaiting(options.clock, (drop) => options.show(drop));
		this.#cards = new ReceivedCards(options.drops, () => this.#waiting.cards);
		this.#leavers = new TimerSet(options.clock);
		this.#arriving = new ArrivingDrops(options.clock, (peerId, stream, a) =>
			this.#stalled(peerId, stream, a)
		);
		this.#views = new ViewRequests(options.clock, options.send, options.isPresent);
	}

	/**
	 * A header: the drop is shown as receiving (one of a single chunk once its bytes are in, see
	 * `CardsInWaiting`), and its bytes are awaited.
	 */
	onHeader(from: DropSource, header: DropHeader): Refusal | null {
		const before = this.#cards.from(from.id, header.id);
		// A copy cut off with the link comes again once, as a fresh copy: it replaces the failed card.
		const again = before?.state === 'failed' && this.#interrupted.take(from.id, header.id);
		const known = this.#arriving.isKnown(from.id, header.stream) || (before !== undefined && !again);
		const assembler = startAssembly(header, { known, arriving: this.#arriving.count(from.id) });
		if (typeof assembler === 'string') return assembler;
		if (before && again) this.#o.remove?.(before);
		const over = checkBudget(this.#cards.held(), from.id, header.size);
		if (over) {
			this.#arriving.refuse(from.id, header.stream, header.size);
			this.#sendFailed(from.id, header.id);
			this.#o.onOverBudget?.(from, over, header.kind);
			return null;
		}
		const drop = this.#card(from, clampExpiry(header, this.#o.clock.now()));
		if (assembler.copy.chunks === 1) this.#waiting.hold(drop);
		else this.#o.show(drop);
		this.#arriving.start(from.id, header.stream, assembler, drop);
		return null;
	}

	/** One chunk of a drop's sealed bytes. */
	onChunk(from: DropSource, stream: number, payload: Uint8Array): Refusal | null {
		const arriving = this.#arriving.get(from.id, stream);
		if (!arriving) return strayChunkRefusal(this.#arriving.letFall(from.id, stream, payload.length));
		const { assembler, drop } = arriving;
		const short = chunkRefusal(assembler, payload.length);
		if (short) return short;
		this.#arriving.touch(arriving);
		const result = assembler.accept(payload);
		if (result.kind === 'progress') {
			drop.progress(result.received);
			return null;
		}
		if (result.kind === 'error') return this.#refuse(from.id, stream, drop);
		if (result.kind === 'all-in') drop.progress(assembler.received);
		return null;
	}

	/**
	 * After the last chunk, the digest of the sealed bytes: checked off the main thread, so the
	 * refusal, if any, comes as a promise. A `drop-end` before every byte arrived is a lie.
	 */
	onDropEnd(
		from: DropSource,
		id: string,
		stream: number,
		sha256: string
	): Promise<Refusal | null> | Refusal | null {
		const arriving = this.#arriving.get(from.id, stream);
		if (!arriving) return this.#arriving.endRefused(from.id, stream) ? null : 'unknown-stream';
		const { assembler, drop } = arriving;
		if (drop.id !== id || !assembler.allIn) return this.#refuse(from.id, stream, drop);
		return assembler.finish(sha256).then((verified) => {
			// Wiped while the hash was computed (the peer left, the drop was revoked).
			if (this.#arriving.get(from.id, stream)?.assembler !== assembler) return null;
			if (verified.kind !== 'complete') return this.#refuse(from.id, stream, drop);
			this.#arriving.end(from.id, stream);
			this.#waiting.show(drop);
			drop.sealed(verified.chunks, verified.copy);
			this.#o.onSealed?.(drop);
			return null;
		});
	}

	/** A sender leaving handed this device the key of a view it was sure to get. */
	onKey(from: DropSource, id: string, key: Uint8Array): Refusal | null {
		const drop = this.#cards.from(from.id, id);
		if (!drop) return 'unknown-drop';
		drop.bequeath(key);
		return null;
	}

	/** The sender took back a drop that this device has not opened. */
	onRevoke(from: DropSource, id: string, reason: RevokeReason): Refusal | null {
		const drop = this.#cards.from(from.id, id);
		if (!drop) return 'unknown-drop';
		this.#arriving.discardDrop(from.id, drop);
		this.#waiting.show(drop);
		drop.revoke(reason);
		return null;
	}

	/** The sender gave up sending a drop: what arrived of it is wiped, and the person is told. */
	onAbort(from: DropSource, id: string): Refusal | null {
		const drop = this.#cards.from(from.id, id);
		if (!drop) return 'unknown-drop';
		const arriving = this.#arriving.discardDrop(from.id, drop);
		this.#waiting.show(drop);
		drop.fail();
		if (arriving) this.#o.onCalledBack?.(from, drop.kind);
		return null;
	}

	onViewAnswer(from: DropSource, id: string, key: Uint8Array | null): void {
		this.#views.answer(from.id, id, key ? { kind: 'key', key } : { kind: 'refused' });
	}

	/**
	 * The connection to `peerId` is gone: what was still arriving fails, and views waiting for an
	 * answer fall back to this device's own one view.
	 */
	connectionLost(peerId: string): void {
		this.#views.senderAway(peerId);
		for (const { assembler, drop } of this.#arriving.forget(peerId)) {
			assembler.wipe();
			this.#waiting.show(drop);
			drop.fail();
			this.#interrupted.add(peerId, drop.id);
		}
	}

	/**
	 * The sender left the room: a sealed drop it gave no key for can't be opened any more, and
	 * this device forgets its ciphertext, once a key on its way has had `BEQUEST_GRACE_MS` to land.
	 */
	senderLeft(peerId: string): void {
		this.#interrupted.forget(peerId);
		this.#leavers.after(BEQUEST_GRACE_MS, () => {
			for (const d of this.#cards.allFrom(peerId)) d.senderGone();
		});
	}

	/** Leaving the room: everything received is wiped, and no answer is awaited any more. */
	stop(): void {
		this.#views.stop();
		this.#leavers.clearAll();
		this.#waiting.clear();
		for (const { assembler, drop } of this.#arriving.clear()) {
			assembler.wipe();
			drop.dispose();
		}
	}

	/**
	 * The page is going away (it may yet come back from the browser's cache): what is still
	 * arriving is zeroed and fails on both sides, as a stalled drop does, and its late bytes are let
	 * fall, so that its sender is not taken for a liar. A card held for its bytes fails with it.
	 */
	wipeArriving(): void {
		for (const { peerId, stream, arriving } of this.#arriving.streams()) {
			this.#giveUp(peerId, stream, arriving.drop);
		}
	}

	#card(from: DropSource, header: DropHeader): IncomingDrop {
		const clock = this.#o.clock;
		const send = (m: PeerMessage) => this.#o.send(from.id, m);
		const drop: IncomingDrop = new IncomingDrop(
			header,
			from.id,
			from.name,
			{
				sendReceipt: (status) => send({ t: 'receipt', id: header.id, status, at: clock.now() }),
				requestView: () => this.#views.ask(from.id, header.id),
				refused: (problem) =>
					problem === 'bad-seal'
						? this.#o.onBadSeal?.(from, drop.kind)
						: this.#o.onContentRefused?.(from, problem, drop)
			},
			clock
		);
		return drop;
	}

	#sendFailed(peerId: string, dropId: string): void {
		this.#o.send(peerId, { t: 'receipt', id: dropId, status: 'failed', at: this.#o.clock.now() });
	}

	/** The bytes broke the header's promise (too many, or the wrong hash). */
	#refuse(peerId: string, stream: number, drop: IncomingDrop): Refusal {
		this.#arriving.discard(peerId, stream);
		this.#waiting.show(drop);
		drop.fail();
		this.#sendFailed(peerId, drop.id);
		return 'broken-promise';
	}

	/** No byte for too long: the drop is given up, and the person is told. */
	#stalled(peerId: string, stream: number, { drop }: Arriving): void {
		this.#giveUp(peerId, stream, drop);
		this.#o.onStalled?.({ id: peerId, name: drop.fromName }, drop.kind);
	}

	/** The drop fails on both sides, and its late bytes are let fall. */
	#giveUp(peerId: string, stream: number, drop: IncomingDrop): void {
		this.#arriving.discard(peerId, stream, true);
		this.#waiting.show(drop);
		drop.fail();
		this.#sendFailed(peerId, drop.id);
	}
}
