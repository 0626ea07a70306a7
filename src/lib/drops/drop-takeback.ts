import type { PeerMessage, RevokeReason } from '../protocol/peer-messages';
import { TimerSet, type Clock, type TimerHandle } from '../time/clock';
import type { RecipientEvent } from './drop-lifecycle';
import type { OutgoingDrop } from './outgoing-drop.svelte';
import { answerViewRequest } from './view-grants';

export interface DropTakebackOptions {
	clock: Clock;
	send: (peerId: string, m: PeerMessage) => void;
	/** Whether the peer is still connected, to be told to wipe its copy. */
	isConnected: (peerId: string) => boolean;
	/** Applies a recipient's event to the drop (and tells whoever listens). */
	update: (drop: OutgoingDrop, peerId: string, event: RecipientEvent) => void;
}

/**
 * The sender's tab takes a drop back from every recipient who has not opened it: at its expiry,
 * when the sender burns it, and when the last view it allows is granted. It also answers view
 * requests, since granting the last view is one of those moments.
 */
export class DropTakeback {
	readonly #o: DropTakebackOptions;
	readonly #timers: TimerSet;
	readonly #expiry = new Map<OutgoingDrop, TimerHandle>();

	constructor(options: DropTakebackOptions) {
		this.#o = options;
		this.#timers = new TimerSet(options.clock);
	}

	/** The drop is out: at its expiry time, whoever has not opened it must wipe it. */
	scheduleExpiry(drop: OutgoingDrop): void {
		const handle = this.#timers.at(drop.options.expiresAt, () => {
			this.#expiry.delete(drop);
			if (!drop.live) return;
			this.#revokeUnopened(drop, 'expired');
			drop.expire();
		});
		this.#expiry.set(drop, handle);
	}

	/**
	 * `peerId` asks to open the drop: see `answerViewRequest`. A refusal ends its copy; the last
	 * view granted revokes every other unopened copy.
	 */
	answerViewRequest(drop: OutgoingDrop, peerId: string): void {
		const grant = answerViewRequest(drop, peerId, this.#o.send);
		if (grant === 'already-granted') return;
		if (grant === 'refused') {
			this.#o.update(drop, peerId, 'expired');
			return;
		}
		if (drop.exhausted) {
			for (const r of drop.unopenedRecipients()) {
				if (r.peerId !== peerId) this.#revokeFrom(drop, r.peerId, 'no-views');
			}
		}
		drop.afterViewGranted();
		if (!drop.live) this.forget(drop);
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		if (drop.burned || drop.state === 'done') return;
		this.#revokeUnopened(drop, 'burned');
		drop.burn();
		this.forget(drop);
	}

	/** The drop is over: its expiry timer goes. */
	forget(drop: OutgoingDrop): void {
		this.#timers.clear(this.#expiry.get(drop) ?? null);
		this.#expiry.delete(drop);
	}

	/** Leaving the room: no timer stays behind. */
	stop(): void {
		this.#timers.clearAll();
		this.#expiry.clear();
	}

	/** Expiry timers still pending. */
	get pendingTimers(): number {
		return this.#timers.size;
	}

	#revokeUnopened(drop: OutgoingDrop, reason: RevokeReason): void {
		for (const r of drop.unopenedRecipients()) this.#revokeFrom(drop, r.peerId, reason);
	}

	#revokeFrom(drop: OutgoingDrop, peerId: string, reason: RevokeReason): void {
		if (this.#o.isConnected(peerId)) this.#o.send(peerId, { t: 'revoke', id: drop.id, reason });
		this.#o.update(drop, peerId, reason === 'burned' ? 'burned' : 'expired');
	}
}
