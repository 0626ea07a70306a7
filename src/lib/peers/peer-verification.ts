import type { DtlsFingerprints, SafetyContext } from '../crypto/safety-code';
import {
	SAFETY_EXCHANGE_TIMEOUT_MS,
	SafetyExchange,
	type SafetyFailure,
	type SafetyOutcome
} from '../crypto/safety-exchange';
import { encodePeerMessage, type SafetyMessage } from '../protocol/peer-messages';
import { TimerSet, type Clock } from '../time/clock';
import type { LinkPort } from './link-port';

export interface PeerVerificationOptions {
	context: SafetyContext;
	/** A link whose data channel just opened. */
	link: LinkPort;
	clock: Clock;
	/** This device's name as it stands when the exchange reveals. */
	selfName: () => string;
	/**
	 * The peer passed: the pair's code, the name it gave over the verified channel, and the
	 * certificates the code was checked against.
	 */
	verified(code: string, peerName: string, fingerprints: DtlsFingerprints): void;
	failed(failure: SafetyFailure): void;
}

/**
 * The safety exchange on one freshly opened link: this side's fingerprints, its messages on the
 * data channel, the time limit, and one verdict. Until the verdict the peer is not ready, and
 * anything else it says is out of turn.
 */
export class PeerVerification {
	readonly #o: PeerVerificationOptions;
	readonly #exchange: SafetyExchange;
	readonly #timers: TimerSet;
	#settled = false;
	#fingerprints: DtlsFingerprints | null = null;

	constructor(options: PeerVerificationOptions) {
		this.#o = options;
		this.#timers = new TimerSet(options.clock);
		this.#exchange = new SafetyExchange(options.context, (m) => this.#send(m));
	}

	start(): void {
		this.#timers.after(SAFETY_EXCHANGE_TIMEOUT_MS, () => this.#settle({ ok: false, failure: 'timeout' }));
		this.#o.link.fingerprints().then(
			(fingerprints) => {
				this.#fingerprints = fingerprints;
				if (!this.#settled) this.#settle(this.#exchange.start(fingerprints, this.#o.selfName()));
			},
			() => this.#settle({ ok: false, failure: 'no-fingerprints' })
		);
	}

	receive(m: SafetyMessage): void {
		if (!this.#settled) this.#settle(this.#exchange.receive(m));
	}

	/** The peer said something other than the exchange before it was verified. */
	refuse(): void {
		this.#settle({ ok: false, failure: 'out-of-turn' });
	}

	/** The link went away: no verdict will come. */
	stop(): void {
		this.#settled = true;
		this.#timers.clearAll();
	}

	get pendingTimers(): number {
		return this.#timers.size;
	}

	#send(m: SafetyMessage): void {
		try {
			this.#o.link.channel?.send(encodePeerMessage(m));
		} catch {
			// A channel closing under us: the link reports it, and the verdict follows from that.
		}
	}

	#settle(outcome: SafetyOutcome | null): void {
		if (!outcome || this.#settled) return;
		this.stop();
		const fingerprints = this.#fingerprints;
		if (outcome.ok && fingerprints) this.#o.verified(outcome.code, outcome.name, fingerprints);
		else this.#o.failed(outcome.ok ? 'no-fingerprints' : outcome.failure);
	}
}
