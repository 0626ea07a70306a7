import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * CPace over ristretto255 with SHA-512 (CPACE-RISTR255-SHA512, draft-irtf-cfrg-cpace, in the
 * initiator-responder setting): a balanced PAKE. Both ends hash the password, the channel
 * identifier and a session id to a generator g, send y·g for a fresh secret scalar y, and take
 * ISK = H(DSI_ISK, sid, K, transcript) with K = y·(the other's share). Someone without the
 * password learns nothing from the shares, and one who sends a share of his own gets one guess:
 * he can compute K only for the password he built his generator from.
 *
 * The group and the hash are @noble's (plain JavaScript: this works on plain-http pages, where
 * `crypto.subtle` is missing); this module only lays out the draft's inputs.
 */

const DSI = utf8ToBytes('CPaceRistretto255');
const DSI_ISK = utf8ToBytes('CPaceRistretto255_ISK');
/** SHA-512's input block size, `H.s_in_bytes`. */
const S_IN_BYTES = 128;
const { Point } = ristretto255;

/** `prepend_len`: the length as LEB128, then the bytes. */
export function prependLen(data: Uint8Array): Uint8Array {
	const length: number[] = [];
	let n = data.length;
	do {
		const low = n & 0x7f;
		n >>>= 7;
		length.push(n > 0 ? low | 0x80 : low);
	} while (n > 0);
	return concatBytes(Uint8Array.from(length), data);
}

/** `lv_cat`: each part with its length in front. */
export function lvCat(...parts: Uint8Array[]): Uint8Array {
	return concatBytes(...parts.map(prependLen));
}

/** `generator_string(DSI, PRS, CI, sid, s_in_bytes)`: zero-padded so PRS fills the first block. */
export function generatorString(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array): Uint8Array {
	const zpad = Math.max(0, S_IN_BYTES - 1 - prependLen(prs).length - prependLen(DSI).length);
	return lvCat(DSI, prs, new Uint8Array(zpad), ci, sid);
}

/** `calculate_generator`: the generator string hashed to 64 bytes, mapped into the group. */
export function calculateGenerator(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array) {
	// RFC 9496's element derivation (the one-way map from 64 uniform bytes), which noble has.
	const derive = ristretto255_hasher.deriveToCurve;
	if (!derive) throw new Error('this @noble/curves has no ristretto255 element derivation');
	return derive(sha512(generatorString(prs, ci, sid)));
}

/** `sample_scalar`, from 32 (random) bytes: little-endian, reduced modulo the group order. */
export function scalarFrom(bytes: Uint8Array): bigint {
	if (bytes.length !== 32) throw new Error('a scalar takes 32 bytes');
	const y = Point.Fn.create(bytesToNumberLE(bytes));
	if (y === 0n) throw new Error('a zero scalar');
	return y;
}

/** This end's share, `Y = y·g`, encoded. */
export function share(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array, y: bigint): Uint8Array {
	return calculateGenerator(prs, ci, sid).multiply(y).toBytes();
}

/**
 * `scalar_mult_vfy`: K = y·X, or null when X is no ristretto255 encoding or K is the identity
 * (the draft's abort: a share that would make every password agree).
 */
export function sharedSecret(y: bigint, theirShare: Uint8Array): Uint8Array | null {
	if (theirShare.length !== 32) return null;
	let point;
	try {
		point = Point.fromBytes(theirShare);
	} catch {
		return null;
	}
	const k = point.multiply(y);
	return k.is0() ? null : k.toBytes();
}

/** `transcript_ir`: the initiator's share and associated data, then the responder's. */
export function transcriptIr(ya: Uint8Array, ada: Uint8Array, yb: Uint8Array, adb: Uint8Array): Uint8Array {
	return concatBytes(lvCat(ya, ada), lvCat(yb, adb));
}

/** The intermediate session key, `ISK = H(lv_cat(DSI_ISK, sid, K) ‖ transcript_ir)`: 64 bytes. */
export function intermediateKey(
	sid: Uint8Array,
	k: Uint8Array,
	ends: { ya: Uint8Array; ada: Uint8Array; yb: Uint8Array; adb: Uint8Array }
): Uint8Array {
	return sha512(concatBytes(lvCat(DSI_ISK, sid, k), transcriptIr(ends.ya, ends.ada, ends.yb, ends.adb)));
}
