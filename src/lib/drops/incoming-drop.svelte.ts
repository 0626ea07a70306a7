import { isFinalIn, nextInState, type InEvent, type InState } from './drop-lifecycle';
import type { DropHeader, ReceiptStatus, RevokeReason } from '../protocol/peer-messages';
import type { SealedCopy } from '../crypto/drop-sealing';
import type { EndedDrop } from './drop-history.svelte';
import { systemClock, TimerSet, type Clock } from '../time/clock';
import { prefetchOpening, releaseShown } from './load-opening';
import type { OpenProblem, Shown } from './open-sealed-drop';
import { frameProgress } from './frame-throttle';
import { SealedHold } from './sealed-hold';
import { countDown, viewSeconds } from './view-countdown';
import type { ViewAnswer } from './view-requests';

export interface IncomingDropLinks {
	sendReceipt: (status: ReceiptStatus) => void;
	/** Asks the sender for one view: its answer carries the copy's key when it grants one. */
	requestView: () => Promise<ViewAnswer>;
	/** The granted copy is not what its header promised: nothing was shown. */
	refused: (problem: OpenProblem) => void;
}

/**
 * A drop received from a peer. This device holds only its sealed bytes, which nothing here can
 * open: the key comes from the sender with a granted view. They live only in this object, never
 * in the DOM, and are zeroed the moment they are opened for the one view, or when the drop ends
 * any other way.
 */
export class IncomingDrop {
	readonly direction = 'in' as const;
	readonly id: string;
	readonly fromId: string;
	readonly fromName: string;
	readonly header: DropHeader;
	/** From the header: what it is, its view's seconds, hold-to-view, the caption. */
	readonly kind: DropHeader['kind'];
	readonly seconds: number;
	readonly hold: boolean;
	readonly caption: string;
	state = $state<InState>('receiving');
	percent = $state(0);
	secondsLeft = $state(0);
	/** What is on screen (the picture, the text, the clip) while, and only while, viewing. */
	shown = $state.raw<Shown | null>(null);
	/** The sealed bytes, and a leaving sender's key for them: zeroed when let go. */
	readonly #held = new SealedHold();
	/** The sender was not connected when asked: the card says so, and stays sealed. */
	senderAway = $state(false);
	/** The sender left before it was opened, with no key left behind. */
	senderLeft = $state(false);
	readonly #clock: Clock;
	readonly #timers: TimerSet;
	/** Hold-to-view: the picture shows only while this is true. */
	holding = $state(false);
	/** Asking the sender, or decoding: the reveal button waits. */
	opening = $state(false);
	/** The key is in and the copy is being opened: neither the sender leaving nor its time running out takes it back. */
	#keyInHand = $state(false);
	/** Closed (or the tab hidden) while unveiling: the view ends as soon as it starts. */
	#closeWhenShown = false;
	/** A hold-to-view press that started while unveiling, still down: the view starts held. */
	#pressWhenShown = false;
	/** The page let it go: nothing decoded after that is shown. */
	#disposed = false;
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
		this.kind = header.kind;
		this.seconds = header.options.seconds;
		this.hold = header.options.hold;
		this.caption = header.options.caption;
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

	/** Over for good: it may fold into the history. */
	get ended(): EndedDrop | null {
		const s = this.state;
		return isFinalIn(s) ? { direction: 'in', state: s } : null;
	}

	/** Still arriving: the page should stay open and awake. */
	get inFlight(): boolean {
		return this.state === 'receiving';
	}

	/** How long one view lasts, 0 for until closed (see `viewSeconds`). */
	get viewSeconds(): number {
		return viewSeconds(this.header);
	}

	get bitmap(): ImageBitmap | null {
		return this.shown?.kind === 'photo' ? this.shown.bitmap : null;
	}

	get text(): string | null {
		return this.shown?.kind === 'text' ? this.shown.text : null;
	}

	get videoUrl(): string | null {
		return this.shown?.kind === 'video' ? this.shown.url : null;
	}

	#apply(event: InEvent): boolean {
		const next = nextInState(this.state, event);
		if (!next) return false;
		this.state = next;
		return true;
	}

	/** Bytes in so far: the percent shown changes once a frame at most, and only while arriving. */
	readonly progress = frameProgress(this);

	/** The sealed bytes arrived whole and their digest matched. */
	sealed(chunks: Uint8Array[], copy: SealedCopy): void {
		if (!this.#apply('verified')) {
			for (const chunk of chunks) chunk.fill(0);
			return;
		}
		this.#held.keep(chunks, copy);
		this.percent = 100;
		prefetchOpening(this.header.kind);
		this.#links.sendReceipt('delivered');
	}

	/** A leaving sender handed over the key of this device's one view. */
	bequeath(key: Uint8Array): void {
		if (this.state === 'sealed') this.#held.bequeath(key);
		else key.fill(0);
	}

	/**
	 * A photo's key is in hand and its picture is being decoded: its viewer is laid out, empty,
	 * so that the picture, once decoded, is all there is left to put on screen.
	 */
	get unveiling(): boolean {
		return this.#keyInHand && this.kind === 'photo';
	}

	/** The sender left the room: without its key this drop can never be opened. */
	senderGone(): void {
		if (this.state !== 'sealed' || this.#held.bequeathed || this.#keyInHand) return;
		this.senderLeft = true;
		if (this.#apply('expire')) this.#wipe();
	}

	/** Asks for the one view (unless a leaving sender left its key), opens the copy, shows it. */
	async reveal(): Promise<void> {
		if (this.state !== 'sealed' || !this.#held.holding || this.opening) return;
		this.opening = true;
		this.#closeWhenShown = false;
		this.#pressWhenShown = false;
		this.senderAway = false;
		const keyIn = () => {
			if (this.state !== 'sealed') return false;
			this.#keyInHand = true;
			// The viewer's bar, laid out before the countdown runs, reads the whole view, not 0 s.
			this.secondsLeft = this.viewSeconds;
			return true;
		};
		// Opened and decoded before the view starts: the countdown starts with the picture on screen.
		let opened: Awaited<ReturnType<SealedHold['open']>>;
		try {
			opened = await this.#held.open(this.header, () => this.#links.requestView(), keyIn);
		} catch {
			// Its code could not load: what it held is zeroed, and nothing is shown.
			opened = { kind: 'undecodable' };
		} finally {
			this.opening = false;
			this.#keyInHand = false;
		}
		if (opened.kind === 'refused') this.revoke('no-views');
		else if (opened.kind === 'absent') this.senderAway = true;
		else if (opened.kind === 'problem') {
			this.#links.refused(opened.problem);
			this.fail();
			this.#links.sendReceipt('failed');
		} else if (opened.kind !== 'ended') this.#show(opened.kind === 'shown' ? opened.shown : null);
	}

	/** On screen for the one view; `null` when the browser could not decode it. */
	#show(shown: Shown | null): void {
		// Burned, expired or the page left while decoding: it ends unseen.
		if (this.#disposed || !this.#apply('reveal')) {
			releaseShown(shown);
			return;
		}
		if (!shown) {
			this.#endView();
			return;
		}
		this.shown = shown;
		this.#links.sendReceipt('viewed');
		if (this.#closeWhenShown) this.#endView();
		else if (!this.hold) this.#startCountdown();
		else if (this.#pressWhenShown) this.press();
	}

	/** Hold-to-view: the finger or mouse (or Space) went down on the picture; while unveiling, kept for its start. */
	press(): void {
		if (this.unveiling && this.hold) this.#pressWhenShown = true;
		if (this.state !== 'viewing' || !this.hold || this.holding) return;
		this.holding = true;
		this.#startCountdown();
	}

	/** Hold-to-view: released. The one view is over. */
	release(): void {
		this.#pressWhenShown = false;
		if (this.holding) this.#endView();
	}

	#startCountdown(): void {
		const onTick = (left: number) => {
			this.secondsLeft = left;
		};
		countDown(this.#clock, this.#timers, this.viewSeconds, onTick, () => this.#endView());
	}

	/** The close button, a hidden tab, or the timer. */
	close(): void {
		if (this.state === 'viewing') this.#endView();
		else if (this.unveiling) this.#closeWhenShown = true;
	}

	#endView(): void {
		if (!this.#apply('view-ended')) return;
		this.#wipe();
		this.#links.sendReceipt('destroyed');
	}

	/** Its time is up unopened. A key already in hand was granted in time: that view goes on. */
	expire(): void {
		if (this.#keyInHand) return;
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

	/** Zeroes and releases everything that held the content. */
	#wipe(): void {
		this.#timers.clearAll();
		this.#held.wipe();
		// A text can't be zeroed (strings are immutable): dropping the last reference is all there is.
		releaseShown(this.shown);
		this.shown = null;
		this.secondsLeft = 0;
		this.holding = false;
	}

	/** Leaving the page: nothing may outlive it. */
	dispose(): void {
		this.#disposed = true;
		if (this.state === 'viewing') this.#endView();
		this.#wipe();
	}
}
