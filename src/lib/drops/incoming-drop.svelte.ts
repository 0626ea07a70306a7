import { nextInState, type InEvent, type InState } from './drop-lifecycle';
import type { DropHeader, ReceiptStatus, RevokeReason } from '../protocol/peer-messages';
import type { ReceivedImageProblem } from '../image/check-received-image';
import { systemClock, TimerSet, type Clock } from '../time/clock';

export interface IncomingDropLinks {
	sendReceipt: (status: ReceiptStatus) => void;
	/** Asks the sender for one view; resolves false when the sender says no views are left. */
	requestView: () => Promise<boolean>;
	/** The bytes are not the picture the header promised: nothing was decoded. */
	refused: (problem: ReceivedImageProblem) => void;
}

/**
 * A drop received from a peer. Its bytes live only in this object, never in the DOM, and are
 * zeroed the moment they are decoded for the one view, or when the drop ends any other way.
 */
export class IncomingDrop {
	readonly direction = 'in' as const;
	readonly id: string;
	readonly fromId: string;
	readonly fromName: string;
	readonly header: DropHeader;
	state = $state<InState>('receiving');
	percent = $state(0);
	secondsLeft = $state(0);
	/** The decoded picture while, and only while, viewing. */
	bitmap = $state.raw<ImageBitmap | null>(null);
	#bytes: Uint8Array | null = null;
	readonly #clock: Clock;
	readonly #timers: TimerSet;
	/** Hold-to-view: the picture shows only while this is true. */
	holding = $state(false);
	/** Asking the sender, or decoding: the reveal button waits. */
	opening = $state(false);
	#links: IncomingDropLinks;

	constructor(
		header: DropHeader,
		fromId: string,
		fromName: string,
		links: IncomingDropLinks,
		clock: Clock = systemClock
	) {
		this.id = header.id;
		this.header = header;
		this.fromId = fromId;
		this.fromName = fromName;
		this.#links = links;
		this.#clock = clock;
		this.#timers = new TimerSet(clock);
		this.#timers.at(header.options.expiresAt, () => this.expire());
	}

	/** Unique on the page: drops are known by sender and id. */
	get key(): string {
		return `in/${this.fromId}/${this.id}`;
	}

	/** Holds (or will hold) the photo's bytes: counts against what the tab keeps for others. */
	get holdsBytes(): boolean {
		return this.state === 'receiving' || this.state === 'sealed' || this.state === 'viewing';
	}

	/** Still arriving: the page should stay open and awake. */
	get inFlight(): boolean {
		return this.state === 'receiving';
	}

	get seconds(): number {
		return this.header.options.seconds;
	}

	#apply(event: InEvent): boolean {
		const next = nextInState(this.state, event);
		if (!next) return false;
		this.state = next;
		return true;
	}

	progress(received: number): void {
		const pct = Math.floor((received / this.header.size) * 100);
		if (pct !== this.percent) this.percent = pct;
	}

	/** The bytes arrived whole and their hash matched. */
	sealed(bytes: Uint8Array): void {
		if (!this.#apply('verified')) {
			bytes.fill(0);
			return;
		}
		this.#bytes = bytes;
		this.percent = 100;
		this.#links.sendReceipt('delivered');
	}

	get hold(): boolean {
		return this.header.options.hold;
	}

	get caption(): string {
		return this.header.options.caption;
	}

	async reveal(): Promise<void> {
		if (this.state !== 'sealed' || !this.#bytes || this.opening) return;
		this.opening = true;
		const granted = await this.#links.requestView();
		const bytes = this.#bytes;
		if (!granted || (this.state as InState) !== 'sealed' || !bytes) {
			this.opening = false;
			if (!granted) this.revoke('no-views');
			return;
		}
		// Decode first, so the viewer opens with the picture already in hand.
		this.#bytes = null;
		// The bytes' own header, checked before a decoder sees them: a sender's claim is no proof.
		const { checkReceivedImage } = await import('../image/check-received-image');
		const problem = checkReceivedImage(bytes, this.header);
		if (problem) {
			bytes.fill(0);
			this.opening = false;
			this.#links.refused(problem);
			this.fail();
			this.#links.sendReceipt('failed');
			return;
		}
		let bitmap: ImageBitmap | null = null;
		try {
			bitmap = await createImageBitmap(
				new Blob([bytes as Uint8Array<ArrayBuffer>], { type: this.header.mime })
			);
		} catch {
			bitmap = null;
		}
		bytes.fill(0);
		this.opening = false;
		// Burned or expired while decoding: it ends unseen.
		if (!this.#apply('reveal')) {
			bitmap?.close();
			return;
		}
		if (!bitmap) {
			this.#endView();
			return;
		}
		this.bitmap = bitmap;
		this.#links.sendReceipt('viewed');
		if (!this.hold) this.#startCountdown();
	}

	/** Hold-to-view: the finger or mouse went down on the picture. */
	press(): void {
		if (this.state !== 'viewing' || !this.hold || this.holding) return;
		this.holding = true;
		this.#startCountdown();
	}

	/** Hold-to-view: released. The one view is over. */
	release(): void {
		if (this.holding) this.#endView();
	}

	#startCountdown(): void {
		if (this.seconds <= 0) return;
		const clock = this.#clock;
		const endsAt = clock.monotonic() + this.seconds * 1000;
		this.secondsLeft = this.seconds;
		const tick = () => {
			const left = Math.max(0, Math.ceil((endsAt - clock.monotonic()) / 1000));
			this.secondsLeft = left;
			if (left === 0) this.#endView();
			else this.#timers.after(Math.min(250, endsAt - clock.monotonic()), tick);
		};
		this.#timers.after(250, tick);
	}

	/** The close button, a hidden tab, or the timer. */
	close(): void {
		if (this.state === 'viewing') this.#endView();
	}

	#endView(): void {
		if (!this.#apply('view-ended')) return;
		this.#wipe();
		this.#links.sendReceipt('destroyed');
	}

	expire(): void {
		if (this.#apply('expire')) {
			this.#wipe();
			this.#links.sendReceipt('expired');
		}
	}

	/** The sender took it back before it was opened. */
	revoke(reason: RevokeReason): void {
		if (this.#apply(reason === 'burned' ? 'burn' : 'expire')) this.#wipe();
	}

	fail(): void {
		if (this.state === 'viewing') this.#endView();
		else if (this.#apply('fail')) this.#wipe();
	}

	/** Zeroes and releases everything that held the picture. */
	#wipe(): void {
		this.#timers.clearAll();
		this.#bytes?.fill(0);
		this.#bytes = null;
		this.bitmap?.close();
		this.bitmap = null;
		this.secondsLeft = 0;
		this.holding = false;
	}

	/** Leaving the page: nothing may outlive it. */
	dispose(): void {
		if (this.state === 'viewing') this.#endView();
		this.#wipe();
	}
}
