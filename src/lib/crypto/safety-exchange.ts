import type { SafetyMessage } from '../protocol/peer-messages';
import { fromBase64Url, toBase64Url } from './base64url';
import {
	SAFETY_NONCE_BYTES,
	safetyCode,
	safetyCommitment,
	type DtlsFingerprints,
	type SafetyContext
} from './safety-code';

/** An honest exchange takes one round trip; a peer that takes this long is not verified. */
export const SAFETY_EXCHANGE_TIMEOUT_MS = 10_000;

export type SafetyFailure =
	/** The connection shows no certificate to bind the code to. */
	| 'no-fingerprints'
	/** A reveal before both commitments were out, or a second commitment: not the protocol. */
	| 'out-of-turn'
	/** The nonce revealed is not the one committed to, for the certificate this end sees. */
	| 'bad-reveal'
	| 'timeout';

/** A verified peer: the pair's code, and the name the peer gave on the channel the code checks. */
export type SafetyOutcome = { ok: true; code: string; name: string } | { ok: false; failure: SafetyFailure };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

/**
 * One end of the safety exchange on one data channel (a commit-then-reveal, as in ZRTP's SAS):
 *
 *   A -> B  commit(nA, certificate A)     B -> A  commit(nB, certificate B)
 *   A -> B  nA, name A, once B's commit   B -> A  nB, name B, once A's commit
 *   each checks the other's nonce against its commitment; code = H(both certificates, nA, nB)
 *
 * Neither end can choose its nonce after seeing the other's, so nobody can steer the code.
 */
export class SafetyExchange {
	readonly #ctx: SafetyContext;
	readonly #send: (m: SafetyMessage) => void;
	readonly #nonce: Uint8Array;
	#fingerprints: DtlsFingerprints | null = null;
	#selfName = '';
	#theirCommit: Uint8Array | null = null;
	#revealed = false;
	#outcome: SafetyOutcome | null = null;

	constructor(
		ctx: SafetyContext,
		send: (m: SafetyMessage) => void,
		nonce = crypto.getRandomValues(new Uint8Array(SAFETY_NONCE_BYTES))
	) {
		this.#ctx = ctx;
		this.#send = send;
		this.#nonce = nonce;
	}

	get outcome(): SafetyOutcome | null {
		return this.#outcome;
	}

	/** This end's connection is up and its certificates known: it commits. */
	start(fingerprints: DtlsFingerprints | null, selfName: string): SafetyOutcome | null {
		if (this.#outcome || this.#fingerprints) return null;
		if (!fingerprints) return this.#finish({ ok: false, failure: 'no-fingerprints' });
		this.#fingerprints = fingerprints;
		this.#selfName = selfName;
		const commit = safetyCommitment(this.#ctx, 'self', fingerprints.local, this.#nonce);
		this.#send({ t: 'safety-commit', commit: toBase64Url(commit) });
		this.#revealIfDue();
		return null;
	}

	/** A message from the other end; returns the outcome when this message decided it. */
	receive(m: SafetyMessage): SafetyOutcome | null {
		if (this.#outcome) return null;
		if (m.t === 'safety-commit') {
			if (this.#theirCommit) return this.#finish({ ok: false, failure: 'out-of-turn' });
			this.#theirCommit = fromBase64Url(m.commit);
			this.#revealIfDue();
			return null;
		}
		// The other end may reveal only after it had this end's commitment, which follows its own.
		const fingerprints = this.#fingerprints;
		const theirCommit = this.#theirCommit;
		const nonce = fromBase64Url(m.nonce);
		if (!fingerprints || !theirCommit || !nonce) return this.#finish({ ok: false, failure: 'out-of-turn' });
		const expected = safetyCommitment(this.#ctx, 'peer', fingerprints.remote, nonce);
		if (!sameBytes(expected, theirCommit)) return this.#finish({ ok: false, failure: 'bad-reveal' });
		const code = safetyCode(this.#ctx, fingerprints, { local: this.#nonce, remote: nonce });
		return this.#finish({ ok: true, code, name: m.name });
	}

	#revealIfDue(): void {
		if (!this.#fingerprints || !this.#theirCommit || this.#revealed) return;
		this.#revealed = true;
		this.#send({ t: 'safety-reveal', nonce: toBase64Url(this.#nonce), name: this.#selfName });
	}

	#finish(outcome: SafetyOutcome): SafetyOutcome {
		this.#outcome = outcome;
		return outcome;
	}
}
