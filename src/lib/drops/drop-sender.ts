import { isVideoFile } from '../video/video-file';
import { textContent, type DropContent } from './drop-content';
import { prepareContent, type Preparation } from './preparation';
import type { PeerConnection } from '../peers/peer-connection';
import type { DropKind, PeerMessage, ReceiptStatus } from '../protocol/peer-messages';
import type { Clock } from '../time/clock';
import { CardsInWaiting } from './cards-in-waiting';
import { CopiesInFlight } from './deliver-copy';
import type { RecipientEvent } from './drop-lifecycle';
import { DropTakeback } from './drop-takeback';
import { LinkDropResends } from './link-drop-resend';
import { recipientChoice, toDropOptions, type SendOptions } from './send-options';
import { OutgoingDrop } from './outgoing-drop.svelte';
import { bequeathKeys } from './view-grants';

export interface DropSenderOptions {
	clock: Clock;
	preparation: Preparation;
	/** What the person reads when a file can't be prepared. */
	describePrepareError: (err: unknown, fileName: string) => string;
	/**
	 * Puts a new card on screen, newest first: once its copies arrived, or after `HOLD_CARD_MS`
	 * (see `#showIfArrived`); `remove` takes one away.
	 */
	show: (drop: OutgoingDrop) => void;
	remove: (drop: OutgoingDrop) => void;
	/** Every drop on screen, both ways. */
	drops: () => readonly { readonly direction: 'in' | 'out' }[];
	/** Every other device in the room, and one by id. */
	connections: () => Iterable<PeerConnection>;
	connection: (peerId: string) => PeerConnection | undefined;
	send: (peerId: string, m: PeerMessage) => void;
	alert: (text: string) => void;
	/** A fresh drop id (22 URL-safe characters). */
	newId: () => string;
	/** Told of every change to a recipient's status (for announcements and benches). */
	onRecipientStatus?: (drop: OutgoingDrop, peerId: string) => void;
}

/**
 * The sending half of every drop: files are prepared one at a time, then each goes to every
 * recipient it is meant for (late joiners too, while it is live). The sender's tab counts the
 * views, grants them, and takes the drop back on burn, expiry or when no views are left.
 */
export class DropSender {
	readonly #o: DropSenderOptions;
	/** Expiry, burn and view grants: when a drop is taken back from who has not opened it. */
	readonly #takeback: DropTakeback;
	/** Preparation runs one file at a time: one worker, the next file after it. */
	#chain: Promise<void> = Promise.resolve();
	#stopping = new AbortController();
	readonly #inFlight = new CopiesInFlight();
	readonly #resends = new LinkDropResends();
	/**
	 * New drops' cards, off screen until their copies arrived: a small photo's card is then
	 * rendered once, delivered, instead of preparing, then sending, then delivered while its
	 * bytes were being made and sent (its renders held up the photo worker's answer by about
	 * 5 ms and the first chunk by more, traced on the sending page).
	 */
	readonly #waiting: CardsInWaiting<OutgoingDrop>;

	constructor(options: DropSenderOptions) {
		this.#o = options;
		this.#waiting = new CardsInWaiting(options.clock, (drop) => options.show(drop));
		this.#takeback = new DropTakeback({
			clock: options.clock,
			send: options.send,
			isConnected: (peerId) => options.connection(peerId) !== undefined,
			update: (drop, peerId, event) => this.#update(drop, peerId, event)
		});
	}

	/** Prepares each file in turn, then sends it to its recipients. */
	sendFiles(files: readonly File[], options: SendOptions): void {
		const signal = this.#stopping.signal;
		for (const file of files) {
			this.#chain = this.#chain.then(() =>
				signal.aborted ? undefined : this.#sendFile(file, options, signal)
			);
		}
	}

	/**
	 * A secret text, sent as a drop with the same options as a photo. It waits its turn behind
	 * any file being prepared. False (with nothing sent) when it is empty or too long.
	 */
	sendText(text: string, options: SendOptions): boolean {
		const content = textContent(text);
		if (typeof content === 'string') return false;
		const signal = this.#stopping.signal;
		this.#chain = this.#chain.then(() => {
			if (signal.aborted) content.bytes.fill(0);
			else this.#send(this.#newDrop('', 'text', options), content);
		});
		return true;
	}

	/** Resolves once every file chosen so far is prepared (or refused). */
	get settled(): Promise<void> {
		return this.#chain;
	}

	async #sendFile(file: File, options: SendOptions, signal: AbortSignal): Promise<void> {
		const kind = isVideoFile(file) ? 'video' : 'photo';
		const drop = this.#newDrop(file.name, kind, options);
		// A preparation that takes longer shows as `preparing` at `HOLD_CARD_MS`.
		this.#waiting.hold(drop);
		const onProgress = (pct: number) => {
			drop.preparePercent = pct;
		};
		const prep = this.#o.preparation;
		let content: DropContent;
		try {
			content = await prepareContent(prep, file, kind, options.quality, onProgress, signal);
		} catch (err) {
			this.#remove(drop);
			if (!signal.aborted) this.#o.alert(this.#o.describePrepareError(err, file.name));
			return;
		}
		if (signal.aborted) {
			content.bytes.fill(0);
			return;
		}
		this.#send(drop, content);
		if (content.kind === 'photo') {
			content.checked?.catch((err: unknown) => this.#failedCheck(drop, err, file.name, signal));
		}
	}

	/** The bytes went out while their check ran, and failed it: the drop is called back, with an alert. */
	#failedCheck(drop: OutgoingDrop, err: unknown, fileName: string, signal: AbortSignal): void {
		if (signal.aborted || !this.#outgoing().includes(drop)) return;
		this.#inFlight.callBack(drop, this.#o.send);
		this.#remove(drop);
		this.forget(drop);
		this.#o.alert(this.#o.describePrepareError(err, fileName));
	}

	#newDrop(fileName: string, kind: DropKind, options: SendOptions): OutgoingDrop {
		const dropOptions = toDropOptions(options, this.#o.clock.now());
		const choice = recipientChoice(options.recipients);
		return new OutgoingDrop(this.#o.newId(), fileName, dropOptions, choice, options.watermark, kind);
	}

	/** The content is ready: the drop goes to everyone it is for, and its expiry is set. */
	#send(drop: OutgoingDrop, content: DropContent): void {
		if (drop.kind === 'text') this.#waiting.hold(drop);
		drop.prepared(content);
		this.#takeback.scheduleExpiry(drop);
		for (const conn of this.#o.connections()) this.#offerTo(drop, conn);
		// With no one to send it to, it has arrived everywhere it will go now.
		this.#showIfArrived(drop);
	}

	/**
	 * A waiting card goes on screen once its drop is prepared and no copy of it is still on its
	 * way (each arrived, failed, or waits for its recipient to be ready).
	 */
	#showIfArrived(drop: OutgoingDrop): void {
		if (!this.#waiting.has(drop) || !drop.copy) return;
		if (drop.recipients.some((r) => r.status === 'sending')) return;
		this.#waiting.show(drop);
	}

	/** A card that never went on screen is never shown. */
	#remove(drop: OutgoingDrop): void {
		if (!this.#waiting.withdraw(drop)) this.#o.remove(drop);
	}

	/** A peer became ready: its queued drops go now, and live drops reach it as a late joiner. */
	peerReady(conn: PeerConnection): void {
		for (const drop of this.#outgoing()) {
			if (drop.recipient(conn.id)?.status === 'queued') void this.#deliver(drop, conn);
			else this.#offerTo(drop, conn);
		}
	}

	/** The link to the peer went down: what was on its way is sent again once it is back, or fails. */
	linkDropped(peerId: string): void {
		for (const drop of this.#outgoing()) this.#copyFailed(drop, peerId, true);
	}

	/** A peer is gone: what it had not fully received fails; what it held unopened is gone too. */
	peerGone(peerId: string, left: boolean): void {
		for (const drop of this.#outgoing()) {
			const r = drop.recipient(peerId);
			if (!r) continue;
			if (r.status === 'delivered' && left) {
				r.left = true;
				this.#update(drop, peerId, 'destroyed');
			} else {
				this.#update(drop, peerId, 'failed');
			}
		}
	}

	/** Whether `peerId` was ever sent drop `dropId`. */
	isRecipient(dropId: string, peerId: string): boolean {
		return this.#drop(dropId)?.recipient(peerId) !== undefined;
	}

	onReceipt(peerId: string, dropId: string, status: ReceiptStatus, at: number): void {
		const drop = this.#drop(dropId);
		if (!drop) return;
		if (status === 'failed') this.#inFlight.abort(dropId, peerId);
		this.#update(drop, peerId, status, at);
	}

	/**
	 * A recipient asks to open the drop. The sender grants each recipient one view, and no more
	 * views in all than it allowed; the last view taken revokes every unopened copy.
	 */
	answerViewRequest(dropId: string, conn: PeerConnection): void {
		const drop = this.#drop(dropId);
		if (drop) this.#takeback.answerViewRequest(drop, conn.id);
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		this.#takeback.burn(drop);
	}

	/** The sender is leaving: see `bequeathKeys`. Returns how many keys went out. */
	bequeath(): number {
		return bequeathKeys(this.#outgoing(), this.#o.send);
	}

	/**
	 * Leaving the room: a photo still being prepared is abandoned, no timer stays behind, and
	 * every prepared copy is zeroed.
	 */
	stop(): void {
		this.#stopping.abort(new DOMException('The room was left.', 'AbortError'));
		this.#stopping = new AbortController();
		this.#takeback.stop();
		for (const drop of this.#outgoing()) drop.wipe();
		this.#waiting.clear();
	}

	/** A drop that is over leaves the page: nothing of it stays here either. */
	forget(drop: OutgoingDrop): void {
		this.#waiting.withdraw(drop);
		this.#takeback.forget(drop);
		this.#inFlight.forget(drop);
		this.#resends.forget(drop);
		drop.wipe();
	}

	/** Timers still pending: for tests that check nothing outlives the room. */
	get pendingTimers(): number {
		return this.#takeback.pendingTimers + this.#waiting.size;
	}

	#update(drop: OutgoingDrop, peerId: string, event: RecipientEvent, at = this.#o.clock.now()): void {
		if (drop.update(peerId, event, at)) this.#o.onRecipientStatus?.(drop, peerId);
		this.#showIfArrived(drop);
	}

	/** Every drop of this sender's on the page: on screen, or waiting to go there. */
	#outgoing(): OutgoingDrop[] {
		const shown = this.#o.drops().filter((d): d is OutgoingDrop => d instanceof OutgoingDrop);
		return [...this.#waiting.cards, ...shown];
	}

	#drop(id: string): OutgoingDrop | undefined {
		return this.#outgoing().find((d) => d.id === id);
	}

	/** Adds the peer as a recipient if the drop is for it and it has not had it yet. */
	#offerTo(drop: OutgoingDrop, conn: PeerConnection): void {
		const peer = conn.peer;
		if (!drop.live || !drop.wants(peer.id) || drop.recipient(peer.id) || peer.state === 'failed') return;
		drop.addRecipient(peer.id, peer.name, peer.safetyCode ?? '');
		void this.#deliver(drop, conn);
	}

	async #deliver(drop: OutgoingDrop, conn: PeerConnection): Promise<void> {
		const r = drop.recipient(conn.id);
		if (!conn.writer || !drop.copy || !r || r.status !== 'queued') return;
		this.#update(drop, conn.id, 'start');
		const onPercent = (pct: number) => {
			if (pct > r.percent) r.percent = pct;
		};
		const outcome = await this.#inFlight.deliver(drop, conn, this.#o.preparation, onPercent);
		// A copy stopped on purpose (refused, called back, cut off with its link) was dealt with
		// by whoever stopped it: a late end of it must not fail a fresh copy on a new link.
		if (outcome === 'failed') {
			this.#copyFailed(drop, conn.id, !conn.writer?.isOpen || conn.pathLostAt !== null);
		}
	}

	/** A copy on its way did not all go; cut off with the link, see `LinkDropResends`. */
	#copyFailed(drop: OutgoingDrop, peerId: string, linkLost: boolean): void {
		const r = drop.recipient(peerId);
		if (r?.status !== 'sending') return;
		this.#inFlight.abort(drop.id, peerId);
		this.#update(drop, peerId, (linkLost && this.#resends.decide(drop, r)) || 'failed');
	}
}
