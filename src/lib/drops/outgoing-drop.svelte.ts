import {
	isFinalRecipient,
	nextRecipientStatus,
	outState,
	type RecipientEvent,
	type RecipientStatus
} from './drop-lifecycle';
import type { PreparedPhoto } from '../image/prepared-photo';
import type { EndedDrop } from './drop-history.svelte';
import type { DropOptions } from '../protocol/peer-messages';

export class Recipient {
	readonly peerId: string;
	/** Fixed when the drop was offered: a later rename changes neither receipt nor watermark. */
	readonly name: string;
	/** The pair's safety code then: in the watermark, something the recipient could not choose. */
	readonly safetyCode: string;
	status = $state<RecipientStatus>('queued');
	percent = $state(0);
	viewedAt = $state<number | null>(null);
	/** The recipient left the room before opening it. */
	left = $state(false);
	/** The sender granted this recipient its one view. */
	granted = false;

	constructor(peerId: string, name: string, safetyCode: string) {
		this.peerId = peerId;
		this.name = name;
		this.safetyCode = safetyCode;
	}
}

export type ViewGrant = 'granted' | 'refused' | 'already-granted';

/** Who gets a drop: everyone in the room, late joiners included, or the peers picked. */
export type RecipientChoice = { kind: 'everyone' } | { kind: 'picked'; peerIds: readonly string[] };

/**
 * A drop this tab sends. The sender's tab is the only place its prepared bytes live, and the one
 * that counts its views. It holds the bytes while someone may still receive them: until the views
 * run out, the drop expires or is burned, or (for picked recipients) all of them have it.
 */
export class OutgoingDrop {
	readonly direction = 'out' as const;
	readonly id: string;
	readonly fileName: string;
	readonly options: DropOptions;
	readonly recipientChoice: RecipientChoice;
	readonly watermark: boolean;
	preparePercent = $state(0);
	recipients = $state<Recipient[]>([]);
	burned = $state(false);
	expired = $state(false);
	viewsUsed = $state(0);
	error = $state<string | null>(null);
	#prepared = $state(false);
	#copy: PreparedPhoto | null = null;
	/** The key of each recipient's sealed copy, until its view is granted. Not shown. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
	readonly #keys = new Map<string, Uint8Array>();

	constructor(
		id: string,
		fileName: string,
		options: DropOptions,
		recipientChoice: RecipientChoice,
		watermark: boolean
	) {
		this.id = id;
		this.fileName = fileName;
		this.options = options;
		this.recipientChoice = recipientChoice;
		this.watermark = watermark;
	}

	/** Views left, or null when unlimited. */
	get viewsLeft(): number | null {
		return this.options.views === 0 ? null : Math.max(0, this.options.views - this.viewsUsed);
	}

	get exhausted(): boolean {
		return this.viewsLeft === 0;
	}

	readonly state = $derived.by(() => {
		if (this.error) return 'failed';
		return outState({
			prepared: this.#prepared,
			burned: this.burned,
			exhausted: this.exhausted,
			expired: this.expired,
			recipients: this.recipients.map((r) => r.status)
		});
	});

	/** Unique on the page: drops are known by sender and id. */
	get key(): string {
		return `out/${this.id}`;
	}

	/** Over for good, with every receipt final: it may fold into the history. */
	get ended(): EndedDrop | null {
		const s = this.state;
		if (s !== 'done' && s !== 'expired' && s !== 'burned' && s !== 'failed') return null;
		return this.recipients.every((r) => isFinalRecipient(r.status)) ? { direction: 'out', state: s } : null;
	}

	/** Being prepared or sent: the page should stay open and awake. */
	get inFlight(): boolean {
		return (
			this.state === 'preparing' ||
			this.recipients.some((r) => r.status === 'queued' || r.status === 'sending')
		);
	}

	/** Still open to new recipients and to views. */
	get live(): boolean {
		return this.#prepared && !this.burned && !this.expired && !this.exhausted && !this.error;
	}

	get copy(): PreparedPhoto | null {
		return this.#copy;
	}

	prepared(copy: PreparedPhoto): void {
		this.#copy = copy;
		this.#prepared = true;
		this.preparePercent = 100;
	}

	wants(peerId: string): boolean {
		return this.recipientChoice.kind === 'everyone' || this.recipientChoice.peerIds.includes(peerId);
	}

	addRecipient(peerId: string, name: string, safetyCode = ''): Recipient {
		this.recipients.push(new Recipient(peerId, name, safetyCode));
		return this.recipients.at(-1)!;
	}

	recipient(peerId: string): Recipient | undefined {
		return this.recipients.find((r) => r.peerId === peerId);
	}

	/** Applies an event; false when it does not fit the recipient's state (a lying peer, a late receipt). */
	update(peerId: string, event: RecipientEvent, at = Date.now()): boolean {
		const r = this.recipient(peerId);
		if (!r) return false;
		const next = nextRecipientStatus(r.status, event);
		if (!next) return false;
		r.status = next;
		if (next === 'viewed') r.viewedAt = at;
		if (next === 'delivered' || next === 'viewed') r.percent = 100;
		this.#releaseWhenUnneeded();
		return true;
	}

	/**
	 * A recipient asks to open it. The sender grants each recipient one view, and no more views in
	 * all than the sender allowed.
	 */
	grantView(peerId: string): ViewGrant {
		const r = this.recipient(peerId);
		// One grant per recipient, ever: a repeat request must not use up the others' views.
		if (r?.granted) return 'already-granted';
		if (!r || r.status !== 'delivered' || this.burned || this.expired || this.exhausted) return 'refused';
		r.granted = true;
		this.viewsUsed++;
		return 'granted';
	}

	/** Recipients holding it unopened and not granted a view, who must wipe it now that it is over. */
	unopenedRecipients(): Recipient[] {
		return this.recipients.filter((r) => !isFinalRecipient(r.status) && r.status !== 'viewed' && !r.granted);
	}

	#releaseWhenUnneeded(): void {
		const over = this.burned || this.expired || this.exhausted;
		const pickedAllHaveIt =
			this.recipientChoice.kind === 'picked' &&
			this.recipients.every((r) => r.status !== 'queued' && r.status !== 'sending');
		if (over) this.wipe();
		// Each recipient's key stays until its view is granted or the drop is over.
		else if (pickedAllHaveIt) this.release();
	}

	/** Keeps the key of `peerId`'s sealed copy until a view is granted. */
	keepKey(peerId: string, key: Uint8Array): void {
		this.#keys.get(peerId)?.fill(0);
		this.#keys.set(peerId, key);
	}

	/** Hands out `peerId`'s key, once: the caller zeroes it after use. */
	takeKey(peerId: string): Uint8Array | null {
		const key = this.#keys.get(peerId) ?? null;
		this.#keys.delete(peerId);
		return key;
	}

	/** Whether `peerId` holds a copy that only its key opens. */
	hasKey(peerId: string): boolean {
		return this.#keys.has(peerId);
	}

	burn(): void {
		this.burned = true;
		this.wipe();
	}

	expire(): void {
		if (this.exhausted || this.burned) return;
		this.expired = true;
		this.wipe();
	}

	afterViewGranted(): void {
		this.#releaseWhenUnneeded();
	}

	/** Zeroes the prepared copy. */
	release(): void {
		this.#copy?.bytes.fill(0);
		this.#copy = null;
	}

	/** Zeroes the copy and every key: a recipient that has none holds only ciphertext now. */
	wipe(): void {
		this.release();
		for (const key of this.#keys.values()) key.fill(0);
		this.#keys.clear();
	}

	fail(message: string): void {
		this.error = message;
		this.wipe();
	}
}
