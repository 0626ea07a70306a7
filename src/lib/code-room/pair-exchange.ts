import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url, toBase64Url } from '../crypto/base64url';
import type { PakeMessage } from '../protocol/pake-messages';
import { intermediateKey, lvCat, scalarFrom, share, sharedSecret } from './cpace';

/**
 * One pair of devices in a code room agreeing on a key from the code's words (CPace, see
 * `cpace.ts`), then confirming it: each end sends a MAC over the whole transcript under a key of
 * its own role, and the responder speaks first. So a device that guessed the words wrong learns
 * one bit (its guess was wrong) and nothing to test other guesses against offline, and the
 * pair's key is used only after both MACs checked out.
 */

export interface PairContext {
	/** The secret part of the code, canonical (`amber-falcon`): CPace's password. */
	words: string;
	/** The room as the server names it (the nameplate): part of the channel identifier. */
	roomId: string;
	initiatorId: string;
	responderId: string;
}

/** What a confirmed exchange yields: 32 bytes that stand for the room secret of this pair. */
export type PairKey = Uint8Array;

const SALT = utf8ToBytes('vanishdrop/code-pair/v1');
const SID_BYTES = 16;

function channelIdentifier(ctx: PairContext): Uint8Array {
	return lvCat(
		utf8ToBytes('vanishdrop/code-room/v1'),
		utf8ToBytes(ctx.roomId),
		utf8ToBytes(ctx.initiatorId),
		utf8ToBytes(ctx.responderId)
	);
}

interface Derived {
	initiatorConfirm: Uint8Array;
	responderConfirm: Uint8Array;
	pairKey: PairKey;
}

function derive(ctx: PairContext, sid: Uint8Array, k: Uint8Array, ya: Uint8Array, yb: Uint8Array): Derived {
	const ada = utf8ToBytes(ctx.initiatorId);
	const adb = utf8ToBytes(ctx.responderId);
	const isk = intermediateKey(sid, k, { ya, ada, yb, adb });
	const transcript = lvCat(sid, channelIdentifier(ctx), ya, yb);
	const key = (info: string) => hkdf(sha256, isk, SALT, utf8ToBytes(info), 32);
	const derived = {
		initiatorConfirm: hmac(sha256, key('confirm/initiator'), transcript),
		responderConfirm: hmac(sha256, key('confirm/responder'), transcript),
		pairKey: key('pair-key')
	};
	// Only once every key is taken from it.
	isk.fill(0);
	return derived;
}

function sameBytes(a: Uint8Array, b: Uint8Array | null): boolean {
	if (!b || a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

type Random = (bytes: number) => Uint8Array;
const systemRandom: Random = (n) => crypto.getRandomValues(new Uint8Array(n));

export type InitiatorStep = { ok: true; key: PairKey; send: PakeMessage } | { ok: false; send: PakeMessage };
export type ResponderStart = { ok: true; send: PakeMessage } | { ok: false; send: PakeMessage };
export type ResponderStep = { ok: true; key: PairKey } | { ok: false };

/** The device that joined later: it starts the exchange. */
export class PairInitiator {
	readonly #ctx: PairContext;
	readonly #sid: Uint8Array;
	readonly #y: bigint;
	readonly #share: Uint8Array;

	constructor(ctx: PairContext, random: Random = systemRandom) {
		this.#ctx = ctx;
		this.#sid = random(SID_BYTES);
		this.#y = scalarFrom(random(32));
		this.#share = share(utf8ToBytes(ctx.words), channelIdentifier(ctx), this.#sid, this.#y);
	}

	start(): PakeMessage {
		return { pake: 'start', sid: toBase64Url(this.#sid), share: toBase64Url(this.#share) };
	}

	/** The responder's share and confirmation: the key and this end's confirmation, or an abort. */
	onAnswer(m: Extract<PakeMessage, { pake: 'answer' }>): InitiatorStep {
		const yb = fromBase64Url(m.share);
		const k = yb && sharedSecret(this.#y, yb);
		if (!yb || !k) return { ok: false, send: { pake: 'abort' } };
		const d = derive(this.#ctx, this.#sid, k, this.#share, yb);
		if (!sameBytes(d.responderConfirm, fromBase64Url(m.confirm))) {
			d.pairKey.fill(0);
			return { ok: false, send: { pake: 'abort' } };
		}
		return { ok: true, key: d.pairKey, send: { pake: 'confirm', confirm: toBase64Url(d.initiatorConfirm) } };
	}
}

/** The device already in the room: it answers one start, then waits for the confirmation. */
export class PairResponder {
	readonly #ctx: PairContext;
	readonly #random: Random;
	#expected: Derived | null = null;

	constructor(ctx: PairContext, random: Random = systemRandom) {
		this.#ctx = ctx;
		this.#random = random;
	}

	onStart(m: Extract<PakeMessage, { pake: 'start' }>): ResponderStart {
		const sid = fromBase64Url(m.sid);
		const ya = fromBase64Url(m.share);
		if (this.#expected || !sid || !ya) return { ok: false, send: { pake: 'abort' } };
		const y = scalarFrom(this.#random(32));
		const yb = share(utf8ToBytes(this.#ctx.words), channelIdentifier(this.#ctx), sid, y);
		const k = sharedSecret(y, ya);
		if (!k) return { ok: false, send: { pake: 'abort' } };
		this.#expected = derive(this.#ctx, sid, k, ya, yb);
		return {
			ok: true,
			send: { pake: 'answer', share: toBase64Url(yb), confirm: toBase64Url(this.#expected.responderConfirm) }
		};
	}

	onConfirm(m: Extract<PakeMessage, { pake: 'confirm' }>): ResponderStep {
		const expected = this.#expected;
		if (!expected) return { ok: false };
		if (!sameBytes(expected.initiatorConfirm, fromBase64Url(m.confirm))) {
			expected.pairKey.fill(0);
			return { ok: false };
		}
		return { ok: true, key: expected.pairKey };
	}
}
