import type { Clock } from '../time/clock';
import type { PeerMessage } from '../protocol/peer-messages';

/** How long the sender has to answer a view request before this device gives up asking. */
export const VIEW_ANSWER_TIMEOUT_MS = 10_000;

/** What came of asking for a view: the copy's key, a no, or no answer from a sender not here. */
export type ViewAnswer = { kind: 'key'; key: Uint8Array } | { kind: 'refused' } | { kind: 'absent' };

/** This device's view requests, each waiting for its sender's answer. */
export class ViewRequests {
	readonly #clock: Clock;
	readonly #send: (peerId: string, m: PeerMessage) => void;
	readonly #isPresent: (peerId: string) => boolean;
	readonly #waits = new Map<string, (answer: ViewAnswer) => void>();

	constructor(
		clock: Clock,
		send: (peerId: string, m: PeerMessage) => void,
		isPresent: (peerId: string) => boolean
	) {
		this.#clock = clock;
		this.#send = send;
		this.#isPresent = isPresent;
	}

	/** Asks the sender for a view. Only the sender holds the key, so it must be here to answer. */
	ask(peerId: string, dropId: string): Promise<ViewAnswer> {
		if (!this.#isPresent(peerId)) return Promise.resolve({ kind: 'absent' });
		this.#send(peerId, { t: 'view-request', id: dropId });
		return new Promise((resolve) => {
			const key = waitKey(peerId, dropId);
			this.#waits.get(key)?.({ kind: 'absent' });
			const timer = this.#clock.setTimeout(
				() => this.#answer(key, { kind: 'absent' }),
				VIEW_ANSWER_TIMEOUT_MS
			);
			this.#waits.set(key, (answer) => {
				this.#clock.clearTimeout(timer);
				resolve(answer);
			});
		});
	}

	answer(peerId: string, dropId: string, answer: ViewAnswer): void {
		if (!this.#answer(waitKey(peerId, dropId), answer) && answer.kind === 'key') answer.key.fill(0);
	}

	/** The connection to the sender is down: what waits on it gets no answer. */
	senderAway(peerId: string): void {
		for (const key of [...this.#waits.keys()]) {
			if (key.startsWith(`${peerId}/`)) this.#answer(key, { kind: 'absent' });
		}
	}

	/** Leaving the room: nothing is opened any more. */
	stop(): void {
		for (const key of [...this.#waits.keys()]) this.#answer(key, { kind: 'absent' });
	}

	#answer(key: string, answer: ViewAnswer): boolean {
		const wait = this.#waits.get(key);
		this.#waits.delete(key);
		wait?.(answer);
		return wait !== undefined;
	}
}

function waitKey(peerId: string, dropId: string): string {
	return `${peerId}/${dropId}`;
}
