import type { PreparedPhoto } from '../image/prepared-photo';
import type { Preparation } from './preparation';
import type { PeerConnection } from '../peers/peer-connection';
import type { PeerMessage, ReceiptStatus, RevokeReason } from '../protocol/peer-messages';
import type { Clock, TimerHandle } from '../time/clock';
import { TimerSet } from '../time/clock';
import { deliverCopy } from './deliver-copy';
import type { RecipientEvent } from './drop-lifecycle';
import { toDropOptions, type SendOptions } from './send-options';
import { OutgoingDrop, type RecipientChoice } from './outgoing-drop.svelte';
import { answerViewRequest, bequeathKeys } from './view-grants';

export interface DropSenderOptions {
	clock: Clock;
	preparation: Preparation;
	/** Puts a new card on screen, newest first; `remove` takes one away. */
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
	readonly #timers: TimerSet;
	readonly #expiry = new Map<OutgoingDrop, TimerHandle>();
	/** Preparation runs one file at a time: one worker, the next file after it. */
	#chain: Promise<void> = Promise.resolve();
	#stopping = new AbortController();
	/** Each recipient's copy on its way, to stop when the recipient refuses it. */
	readonly #inFlight = new Map<string, AbortController>();

	constructor(options: DropSenderOptions) {
		this.#o = options;
		this.#timers = new TimerSet(options.clock);
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

	/** Resolves once every file chosen so far is prepared (or refused). */
	get settled(): Promise<void> {
		return this.#chain;
	}

	async #sendFile(file: File, options: SendOptions, signal: AbortSignal): Promise<void> {
		const choice: RecipientChoice =
			options.recipients === 'everyone'
				? { kind: 'everyone' }
				: { kind: 'picked', peerIds: options.recipients };
		const drop = new OutgoingDrop(
			this.#o.newId(),
			file.name,
			toDropOptions(options, this.#o.clock.now()),
			choice,
			options.watermark
		);
		this.#o.show(drop);
		let photo: PreparedPhoto;
		try {
			photo = await this.#o.preparation.prepare(
				file,
				options.quality,
				(pct) => {
					drop.preparePercent = pct;
				},
				signal
			);
		} catch (err) {
			this.#o.remove(drop);
			if (!signal.aborted) this.#o.alert(this.#o.preparation.describeError(err, file.name));
			return;
		}
		if (signal.aborted) {
			photo.bytes.fill(0);
			return;
		}
		drop.prepared(photo);
		this.#scheduleExpiry(drop);
		for (const conn of this.#o.connections()) this.#offerTo(drop, conn);
	}

	/** A peer became ready: its queued drops go now, and live drops reach it as a late joiner. */
	peerReady(conn: PeerConnection): void {
		for (const drop of this.#outgoing()) {
			if (drop.recipient(conn.id)?.status === 'queued') void this.#deliver(drop, conn);
			else this.#offerTo(drop, conn);
		}
	}

	/** The link to the peer went down: what was on its way to it fails. */
	linkDropped(peerId: string): void {
		for (const drop of this.#outgoing()) {
			if (drop.recipient(peerId)?.status === 'sending') this.#update(drop, peerId, 'failed');
		}
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
		// The recipient refused it (it holds enough already, or the bytes stalled): stop sending.
		if (status === 'failed') this.#inFlight.get(`${dropId}/${peerId}`)?.abort();
		this.#update(drop, peerId, status, at);
	}

	/**
	 * A recipient asks to open the drop. The sender grants each recipient one view, and no more
	 * views in all than it allowed; the last view taken revokes every unopened copy.
	 */
	answerViewRequest(dropId: string, conn: PeerConnection): void {
		const drop = this.#drop(dropId);
		if (!drop) return;
		const grant = answerViewRequest(drop, conn.id, this.#o.send);
		if (grant === 'already-granted') return;
		if (grant === 'refused') {
			this.#update(drop, conn.id, 'expired');
			return;
		}
		if (drop.exhausted) {
			for (const r of drop.unopenedRecipients()) {
				if (r.peerId === conn.id) continue;
				this.#revokeFrom(drop, r.peerId, 'no-views');
			}
		}
		drop.afterViewGranted();
		if (!drop.live) this.#clearExpiry(drop);
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		if (drop.burned || drop.state === 'done') return;
		this.#revokeUnopened(drop, 'burned');
		drop.burn();
		this.#clearExpiry(drop);
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
		this.#timers.clearAll();
		this.#expiry.clear();
		for (const drop of this.#outgoing()) drop.wipe();
	}

	/** A drop that is over leaves the page: nothing of it stays here either. */
	forget(drop: OutgoingDrop): void {
		this.#clearExpiry(drop);
		for (const r of drop.recipients) this.#inFlight.delete(`${drop.id}/${r.peerId}`);
		drop.wipe();
	}

	/** Timers still pending: for tests that check nothing outlives the room. */
	get pendingTimers(): number {
		return this.#timers.size;
	}

	#update(drop: OutgoingDrop, peerId: string, event: RecipientEvent, at = this.#o.clock.now()): void {
		if (drop.update(peerId, event, at)) this.#o.onRecipientStatus?.(drop, peerId);
	}

	#outgoing(): OutgoingDrop[] {
		return this.#o.drops().filter((d): d is OutgoingDrop => d instanceof OutgoingDrop);
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
		const key = `${drop.id}/${conn.id}`;
		const abort = new AbortController();
		this.#inFlight.set(key, abort);
		try {
			const onPercent = (pct: number) => {
				if (pct > r.percent) r.percent = pct;
			};
			await deliverCopy(drop, conn, this.#o.preparation, onPercent, abort.signal);
		} catch {
			this.#update(drop, conn.id, 'failed');
		} finally {
			this.#inFlight.delete(key);
		}
	}

	#scheduleExpiry(drop: OutgoingDrop): void {
		const handle = this.#timers.at(drop.options.expiresAt, () => {
			this.#expiry.delete(drop);
			if (!drop.live) return;
			this.#revokeUnopened(drop, 'expired');
			drop.expire();
		});
		this.#expiry.set(drop, handle);
	}

	#clearExpiry(drop: OutgoingDrop): void {
		this.#timers.clear(this.#expiry.get(drop) ?? null);
		this.#expiry.delete(drop);
	}

	#revokeUnopened(drop: OutgoingDrop, reason: RevokeReason): void {
		for (const r of drop.unopenedRecipients()) this.#revokeFrom(drop, r.peerId, reason);
	}

	#revokeFrom(drop: OutgoingDrop, peerId: string, reason: RevokeReason): void {
		if (this.#o.connection(peerId)) this.#o.send(peerId, { t: 'revoke', id: drop.id, reason });
		this.#update(drop, peerId, reason === 'burned' ? 'burned' : 'expired');
	}
}
