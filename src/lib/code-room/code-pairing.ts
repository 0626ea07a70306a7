import type { PairingHost, PairingPort } from '../peers/pairing-port';
import { isPakeSignal, parsePakeMessage, type PakeMessage } from '../protocol/pake-messages';
import type { LinkRole } from '../protocol/signal-envelope';
import type { TimerHandle } from '../time/clock';
import { PairInitiator, PairResponder, type PairContext } from './pair-exchange';

/** An honest exchange takes one round trip and a half; one that takes this long has failed. */
export const PAIR_EXCHANGE_TIMEOUT_MS = 15_000;

/**
 * Failed exchanges after which this tab leaves the room by itself, whatever the server does: with
 * a server that never closed the room, that is still no more than three guesses per tab.
 */
export const MAX_FAILED_EXCHANGES = 3;

export interface CodePairingOptions extends PairingHost {
	/** The code's words, canonical: the PAKE's password. */
	words: string;
	roomId: string;
}

interface Pending {
	role: LinkRole;
	initiator: PairInitiator | null;
	responder: PairResponder | null;
	/** The responder answered: from here on, a missing confirmation is a failed guess. */
	answered: boolean;
	done: (key: Uint8Array | null) => void;
	timer: TimerHandle;
}

/**
 * The PAKE with every other device in a code room, one exchange per peer (see `pair-exchange.ts`
 * for one). Each peer gets exactly one: a second start from the same peer, an abort, a bad
 * confirmation or a timeout after this end answered all end it as failed. So whoever sits in the
 * middle, the server included, gets one online guess per exchange, and each one shows.
 */
export class CodePairing implements PairingPort {
	readonly #o: CodePairingOptions;
	readonly #pending = new Map<string, Pending>();
	#failures = 0;

	constructor(options: CodePairingOptions) {
		this.#o = options;
	}

	begin(peerId: string, role: LinkRole, done: (key: Uint8Array | null) => void): void {
		this.end(peerId);
		const timer = this.#o.clock.setTimeout(() => this.#fail(peerId), PAIR_EXCHANGE_TIMEOUT_MS);
		const pending: Pending = { role, initiator: null, responder: null, answered: false, done, timer };
		this.#pending.set(peerId, pending);
		if (role === 'initiator') this.#initiate(peerId, pending);
		else pending.responder = new PairResponder(this.#context(peerId, 'responder'));
	}

	take(peerId: string, data: unknown): boolean {
		if (!isPakeSignal(data)) return false;
		const pending = this.#pending.get(peerId);
		const m = parsePakeMessage(data);
		if (!pending) return true;
		if (!m) {
			this.#fail(peerId);
			return true;
		}
		this.#receive(peerId, pending, m);
		return true;
	}

	end(peerId: string): void {
		const pending = this.#pending.get(peerId);
		if (!pending) return;
		this.#o.clock.clearTimeout(pending.timer);
		this.#pending.delete(peerId);
	}

	#context(peerId: string, role: LinkRole): PairContext {
		const self = this.#o.selfId();
		const [initiatorId, responderId] = role === 'initiator' ? [self, peerId] : [peerId, self];
		return { words: this.#o.words, roomId: this.#o.roomId, initiatorId, responderId };
	}

	#initiate(peerId: string, pending: Pending): void {
		pending.initiator = new PairInitiator(this.#context(peerId, 'initiator'));
		this.#o.send(peerId, pending.initiator.start());
	}

	#receive(peerId: string, pending: Pending, m: PakeMessage): void {
		switch (m.pake) {
			case 'start': {
				// Both started at once (each thought it was the newcomer): the lower id stays initiator.
				if (pending.initiator && this.#o.selfId() < peerId) return;
				if (pending.initiator) {
					pending.initiator = null;
					pending.role = 'responder';
					pending.responder = new PairResponder(this.#context(peerId, 'responder'));
				}
				if (!pending.responder || pending.answered) return this.#fail(peerId);
				const step = pending.responder.onStart(m);
				pending.answered = true;
				this.#o.send(peerId, step.send);
				if (!step.ok) this.#fail(peerId, false);
				return;
			}
			case 'answer': {
				if (!pending.initiator) return this.#fail(peerId);
				const step = pending.initiator.onAnswer(m);
				this.#o.send(peerId, step.send);
				return step.ok ? this.#succeed(peerId, pending, step.key) : this.#fail(peerId, false);
			}
			case 'confirm': {
				if (!pending.responder || !pending.answered) return this.#fail(peerId);
				const step = pending.responder.onConfirm(m);
				return step.ok ? this.#succeed(peerId, pending, step.key) : this.#fail(peerId);
			}
			case 'abort':
				return this.#fail(peerId, false);
		}
	}

	#succeed(peerId: string, pending: Pending, key: Uint8Array): void {
		this.end(peerId);
		pending.done(key);
	}

	/** `tell`: say abort to the other end, unless this end just said it. */
	#fail(peerId: string, tell = true): void {
		const pending = this.#pending.get(peerId);
		if (!pending) return;
		this.end(peerId);
		if (tell) this.#o.send(peerId, { pake: 'abort' } satisfies PakeMessage);
		this.#o.failed(peerId);
		pending.done(null);
		if (++this.#failures === MAX_FAILED_EXCHANGES) this.#o.exhausted();
	}
}
