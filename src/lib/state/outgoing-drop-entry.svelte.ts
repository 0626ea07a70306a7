import {
	isSettledRecipient,
	nextRecipientStatus,
	outState,
	type RecipientEvent,
	type RecipientStatus
} from '../drops/drop-lifecycle';
import type { DropHeader, DropOptions } from '../transfer/peer-messages';

export class Recipient {
	readonly peerId: string;
	readonly name: string;
	status = $state<RecipientStatus>('queued');
	percent = $state(0);
	viewedAt = $state<number | null>(null);
	/** The recipient left the room before opening it. */
	left = $state(false);

	constructor(peerId: string, name: string) {
		this.peerId = peerId;
		this.name = name;
	}
}

/**
 * A drop this tab sends. The prepared bytes stay here only until every recipient has them or has
 * failed; then they are zeroed and let go.
 */
export class OutgoingDropEntry {
	readonly direction = 'out' as const;
	readonly id: string;
	readonly fileName: string;
	readonly options: DropOptions;
	preparePercent = $state(0);
	recipients = $state<Recipient[]>([]);
	burned = $state(false);
	error = $state<string | null>(null);
	#prepared = $state(false);
	#header: DropHeader | null = null;
	#bytes: Uint8Array | null = null;

	constructor(id: string, fileName: string, options: DropOptions) {
		this.id = id;
		this.fileName = fileName;
		this.options = options;
	}

	readonly state = $derived.by(() => {
		if (this.error) return 'failed';
		return outState(
			this.#prepared,
			this.burned,
			this.recipients.map((r) => r.status)
		);
	});

	get header(): DropHeader | null {
		return this.#header;
	}

	get bytes(): Uint8Array | null {
		return this.#bytes;
	}

	prepared(header: DropHeader, bytes: Uint8Array): void {
		this.#header = header;
		this.#bytes = bytes;
		this.#prepared = true;
		this.preparePercent = 100;
	}

	addRecipient(peerId: string, name: string): Recipient {
		const r = new Recipient(peerId, name);
		this.recipients.push(r);
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
		this.#releaseWhenSettled();
		return true;
	}

	#releaseWhenSettled(): void {
		if (this.#bytes && this.recipients.every((r) => isSettledRecipient(r.status))) this.release();
	}

	/** Zeroes the prepared copy. */
	release(): void {
		this.#bytes?.fill(0);
		this.#bytes = null;
	}

	fail(message: string): void {
		this.error = message;
		this.release();
	}
}
