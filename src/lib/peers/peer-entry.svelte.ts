import type { ConnectionRoute } from '../webrtc/connection-route';
import type { LinkFailure, LinkState, PeerLink } from '../webrtc/peer-link';
import { ChannelWriter } from '../drops/channel-writer';
import { DropAssembler } from '../drops/drop-assembler';
import type { IncomingDrop } from '../drops/incoming-drop.svelte';

/** Why a peer is marked failed: its link's reason, stuck after every retry, or a protocol violation. */
export type PeerFailure = LinkFailure | 'stuck' | 'hostile';

/** At most this many drops from one peer may be arriving at once: each reserves memory. */
export const MAX_INCOMING_PER_PEER = 4;
/** Control messages a peer may send per second, sustained, with a burst of `TEXT_BURST`. */
const TEXT_PER_SECOND = 50;
const TEXT_BURST = 200;
const VIEW_ANSWER_TIMEOUT_MS = 10_000;

export interface IncomingStream {
	transfer: DropAssembler;
	entry: IncomingDrop;
}

/** Another device in the room, and everything this tab keeps about the connection to it. */
export class PeerEntry {
	readonly id: string;
	name = $state('');
	state = $state<LinkState>('connecting');
	failure = $state<PeerFailure | null>(null);
	/** Both screens show the same code only if nobody sits in the middle. */
	safetyCode = $state<string | null>(null);
	/** Direct or through a TURN relay, read from the connection's stats once it is ready. */
	route = $state<ConnectionRoute | null>(null);
	link: PeerLink | null = null;
	writer: ChannelWriter | null = null;
	/** Connection attempts that got stuck or failed since this peer was last ready. */
	attempts = 0;
	/** The "can't reach directly" alert was shown; it is shown once per peer. */
	stuckReported = false;
	/** Every link id used with this peer (see `PeerLinkOptions.usedLinks`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
	readonly usedLinks = new Set<string>();
	// Bookkeeping for the transfer, not shown: no reactivity wanted on the hot path.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly incoming = new Map<number, IncomingStream>();
	#nextStream = 1;
	#tokens = TEXT_BURST;
	#refilledAt = performance.now();
	#stuckTimer: ReturnType<typeof setTimeout> | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown
	#viewAnswers = new Map<string, (granted: boolean) => void>();

	constructor(id: string, name: string) {
		this.id = id;
		this.name = name;
	}

	nextStream(): number {
		return this.#nextStream++;
	}

	/** A token bucket against a flood of small messages. */
	allowText(): boolean {
		const now = performance.now();
		this.#tokens = Math.min(TEXT_BURST, this.#tokens + ((now - this.#refilledAt) / 1000) * TEXT_PER_SECOND);
		this.#refilledAt = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	watchForStuck(ms: number, onStuck: () => void): void {
		this.clearStuckWatch();
		this.#stuckTimer = setTimeout(() => {
			if (this.state === 'connecting') onStuck();
		}, ms);
	}

	clearStuckWatch(): void {
		if (this.#stuckTimer) clearTimeout(this.#stuckTimer);
		this.#stuckTimer = null;
	}

	retryAfter(ms: number, retry: () => void): void {
		this.#clearRetry();
		this.#retryTimer = setTimeout(retry, ms);
	}

	#clearRetry(): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
	}

	/** Waits for this peer (a drop's sender) to grant or refuse a view. */
	awaitViewAnswer(dropId: string): Promise<boolean> {
		return new Promise((resolve) => {
			this.#viewAnswers.get(dropId)?.(false);
			// A sender that stays silent can't hold the photo hostage: this device's one view stands.
			const timer = setTimeout(() => this.answerView(dropId, true), VIEW_ANSWER_TIMEOUT_MS);
			this.#viewAnswers.set(dropId, (granted) => {
				clearTimeout(timer);
				resolve(granted);
			});
		});
	}

	answerView(dropId: string, granted: boolean): void {
		const answer = this.#viewAnswers.get(dropId);
		this.#viewAnswers.delete(dropId);
		answer?.(granted);
	}

	/** Forgets the transfer of one drop: the sender aborted or took it back. */
	dropStreamsOf(entry: IncomingDrop): void {
		for (const [stream, s] of this.incoming) {
			if (s.entry !== entry) continue;
			s.transfer.wipe();
			this.incoming.delete(stream);
		}
	}

	/** Drops the connection and wipes every half-received drop from this peer. */
	disconnect(): void {
		this.clearStuckWatch();
		this.#clearRetry();
		// The sender is gone: pending views fall back to this device's own one view.
		for (const id of [...this.#viewAnswers.keys()]) this.answerView(id, true);
		for (const { transfer, entry } of this.incoming.values()) {
			transfer.wipe();
			entry.fail();
		}
		this.incoming.clear();
		this.link?.close();
		this.link = null;
		this.writer = null;
		this.safetyCode = null;
		this.route = null;
	}
}
