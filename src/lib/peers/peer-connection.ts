import type { DtlsFingerprints } from '../crypto/safety-code';
import { ChannelWriter } from '../drops/channel-writer';
import type { Clock } from '../time/clock';
import { TimerSet, type TimerHandle } from '../time/clock';
import type { LinkPort } from './link-port';
import { RecentLinkIds } from './recent-link-ids';
import { PeerVerification, type PeerVerificationOptions } from './peer-verification';
import type { Peer } from './peer.svelte';
import { TextRateLimit } from './text-rate-limit';

/**
 * The plumbing behind one `Peer`: the current link and its writer, the attempts and timers of the
 * retry policy, the link ids used so far, and the rate limit on what the peer says.
 */
export class PeerConnection {
	readonly peer: Peer;
	link: LinkPort | null = null;
	/** The safety exchange on the link, from its data channel opening until the peer is ready. */
	verification: PeerVerification | null = null;
	/** Only once the peer is verified: nothing else is ever written to its channel before that. */
	writer: ChannelWriter | null = null;
	/** Connection attempts that got stuck or failed since this peer was last ready. */
	attempts = 0;
	/** The "can't reach directly" alert was shown; it is shown once per peer. */
	stuckReported = false;
	/**
	 * The keys of this pair's signals and safety code, when the pair agreed a key of its own
	 * (`PairingPort`); null uses the room's. In a room with pairing, no link starts before they exist.
	 */
	keys: { signalKey: Uint8Array; safetyKey: Uint8Array } | null = null;
	/** The peer said its name over a verified channel: the server's word on it no longer counts. */
	verifiedName = false;
	/** The certificates the safety code was checked against, on the current link. */
	verifiedFingerprints: DtlsFingerprints | null = null;
	/** When (monotonic ms) the open link's path went away; null while it has one. */
	pathLostAt: number | null = null;
	/** The link ids used with this peer, the newest 64 (see `LinkOptions.usedLinks`). */
	readonly usedLinks = new RecentLinkIds();
	readonly textLimit: TextRateLimit;
	readonly #clock: Clock;
	readonly #timers: TimerSet;
	#stuckTimer: TimerHandle | null = null;
	#retryTimer: TimerHandle | null = null;
	#pathTimer: TimerHandle | null = null;
	#nextStream = 1;

	constructor(peer: Peer, clock: Clock) {
		this.peer = peer;
		this.#clock = clock;
		this.textLimit = new TextRateLimit(clock);
		this.#timers = new TimerSet(clock);
	}

	get id(): string {
		return this.peer.id;
	}

	/** The stream number of the next drop sent on this connection. */
	nextStream(): number {
		return this.#nextStream++;
	}

	/** Calls `onStuck` if the peer is still connecting after `ms`. */
	watchForStuck(ms: number, onStuck: () => void): void {
		this.clearStuckWatch();
		this.#stuckTimer = this.#timers.after(ms, () => {
			this.#stuckTimer = null;
			if (this.peer.state === 'connecting') onStuck();
		});
	}

	clearStuckWatch(): void {
		this.#timers.clear(this.#stuckTimer);
		this.#stuckTimer = null;
	}

	retryAfter(ms: number, retry: () => void): void {
		this.#timers.clear(this.#retryTimer);
		this.#retryTimer = this.#timers.after(ms, () => {
			this.#retryTimer = null;
			retry();
		});
	}

	/** Runs `look` after `ms` (the next step for a lost path), replacing any step pending. */
	watchPath(ms: number, look: () => void): void {
		this.clearPathWatch();
		this.#pathTimer = this.#timers.after(ms, () => {
			this.#pathTimer = null;
			look();
		});
	}

	clearPathWatch(): void {
		this.#timers.clear(this.#pathTimer);
		this.#pathTimer = null;
	}

	/** The link's data channel opened: the safety exchange on it decides whether the peer is ready. */
	verify(link: LinkPort, options: Omit<PeerVerificationOptions, 'link' | 'clock'>): void {
		this.clearStuckWatch();
		this.verification?.stop();
		this.verification = new PeerVerification({ ...options, link, clock: this.#clock });
		this.verification.start();
	}

	/** The link's data channel is open and the peer verified: drops can go. */
	opened(link: LinkPort): boolean {
		if (!link.channel) return false;
		this.clearStuckWatch();
		this.verification?.stop();
		this.verification = null;
		this.attempts = 0;
		this.writer = new ChannelWriter(link.channel);
		return true;
	}

	/** Closes the link and stops every timer; what the screen shows of the connection goes too. */
	disconnect(): void {
		this.#timers.clearAll();
		this.#stuckTimer = null;
		this.#retryTimer = null;
		this.#pathTimer = null;
		this.pathLostAt = null;
		this.verifiedFingerprints = null;
		this.verification?.stop();
		this.verification = null;
		this.link?.close();
		this.link = null;
		this.writer = null;
		this.peer.safetyCode = null;
		this.peer.route = null;
	}

	/** Timers still pending: for tests that check nothing outlives the room. */
	get pendingTimers(): number {
		return this.#timers.size + (this.verification?.pendingTimers ?? 0);
	}
}
