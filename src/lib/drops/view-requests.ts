import type { Clock } from '../time/clock';
import type { PeerMessage } from '../protocol/peer-messages';

/** A sender that stays silent can't hold the photo hostage: this device's one view stands. */
export const VIEW_ANSWER_TIMEOUT_MS = 10_000;

/** This device's view requests, each waiting for its sender's answer. */
export class ViewRequests {
	readonly #clock: Clock;
	readonly #send: (peerId: string, m: PeerMessage) => void;
	readonly #isPresent: (peerId: string) => boolean;
	readonly #waits = new Map<string, (granted: boolean) => void>();

	constructor(
		clock: Clock,
		send: (peerId: string, m: PeerMessage) => void,
		isPresent: (peerId: string) => boolean
	) {
		this.#clock = clock;
		this.#send = send;
		this.#isPresent = isPresent;
	}

	/** Asks the sender for a view. With the sender gone, this device's own one view still holds. */
	ask(peerId: string, dropId: string): Promise<boolean> {
		if (!this.#isPresent(peerId)) return Promise.resolve(true);
		this.#send(peerId, { t: 'view-request', id: dropId });
		return new Promise((resolve) => {
			const key = waitKey(peerId, dropId);
			this.#waits.get(key)?.(false);
			const timer = this.#clock.setTimeout(() => this.#answer(key, true), VIEW_ANSWER_TIMEOUT_MS);
			this.#waits.set(key, (granted) => {
				this.#clock.clearTimeout(timer);
				resolve(granted);
			});
		});
	}

	answer(peerId: string, dropId: string, granted: boolean): void {
		this.#answer(waitKey(peerId, dropId), granted);
	}

	/** The sender is gone: what waits on it falls back to this device's own one view. */
	senderGone(peerId: string): void {
		for (const key of [...this.#waits.keys()]) {
			if (key.startsWith(`${peerId}/`)) this.#answer(key, true);
		}
	}

	/** Leaving the room: nothing is opened any more. */
	stop(): void {
		for (const key of [...this.#waits.keys()]) this.#answer(key, false);
	}

	#answer(key: string, granted: boolean): void {
		const answer = this.#waits.get(key);
		this.#waits.delete(key);
		answer?.(granted);
	}
}

function waitKey(peerId: string, dropId: string): string {
	return `${peerId}/${dropId}`;
}
