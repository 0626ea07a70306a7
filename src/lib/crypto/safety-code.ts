import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { toBase64Url } from './base64url';
import type { RoomKeys } from './room-keys';

/**
 * The short code two people compare side by side. Each end commits to a random nonce before it
 * learns the other's (`SafetyExchange`); the code is taken from both nonces and both DTLS
 * certificates. A man in the middle holds two DTLS sessions with his own certificates, so the
 * two codes differ unless he guesses right once in a million: no code can be ground in advance,
 * because the nonce that decides it is drawn after his commitment.
 */

/** `sha-256 AB:CD:…`: a certificate fingerprint as the DTLS transport uses it. */
export interface DtlsFingerprints {
	local: string;
	remote: string;
}

/**
 * The key of the safety exchange's commitments and codes, from the room's key. A private room's
 * comes from its secret, so a code is good in one room only; a public room's from its code.
 */
export function safetyCodeKey(keys: Pick<RoomKeys, 'macKey'>): Uint8Array {
	return hkdf(sha256, keys.macKey, utf8ToBytes('vanishdrop/safety-code/v2'), undefined, 32);
}

export interface SafetyContext {
	/** `safetyCodeKey(roomKeys)`. */
	key: Uint8Array;
	roomId: string;
	selfId: string;
	peerId: string;
}

export const SAFETY_NONCE_BYTES = 32;

/** What one end commits to: its nonce, its own certificate, and who speaks to whom in which room. */
export function safetyCommitment(
	ctx: SafetyContext,
	by: 'self' | 'peer',
	fingerprint: string,
	nonce: Uint8Array
): Uint8Array {
	const [from, to] = by === 'self' ? [ctx.selfId, ctx.peerId] : [ctx.peerId, ctx.selfId];
	const input = ['vanishdrop-safety-commit-v2', ctx.roomId, from, to, fingerprint, toBase64Url(nonce)];
	return hmac(sha256, ctx.key, utf8ToBytes(JSON.stringify(input)));
}

/**
 * Six digits, `123 456`, from both ends' certificate and nonce. Both ends sort the pairs, so
 * they agree; 48 bits of the MAC modulo a million leave no bias worth the name.
 */
export function safetyCode(
	ctx: SafetyContext,
	fingerprints: DtlsFingerprints,
	nonces: { local: Uint8Array; remote: Uint8Array }
): string {
	const ends = [
		JSON.stringify([fingerprints.local, toBase64Url(nonces.local)]),
		JSON.stringify([fingerprints.remote, toBase64Url(nonces.remote)])
	].sort();
	const ids = [ctx.selfId, ctx.peerId].sort();
	const input = ['vanishdrop-safety-code-v2', ctx.roomId, ...ids, ...ends];
	const mac = hmac(sha256, ctx.key, utf8ToBytes(JSON.stringify(input)));
	let n = 0;
	for (let i = 0; i < 6; i++) n = n * 256 + mac[i]!;
	const digits = String(n % 1_000_000).padStart(6, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
