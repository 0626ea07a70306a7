/**
 * The key exchange of a nearby pairing, loaded only when one starts (it carries the curve
 * code). Each device makes a fresh X25519 key pair; the public halves travel through the
 * server; each device then derives the same private room's secret from the shared point and
 * both public keys. A server that swapped the keys would share one secret with each device,
 * two rooms, and two connections it sits in the middle of: the safety codes then differ.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url, toBase64Url } from '../crypto/base64url';
import { privateRoomKeys } from '../crypto/room-keys';

const SALT = utf8ToBytes('vanishdrop/nearby-pairing/v1');
/** As long as a link's secret: 128 bits. */
const SECRET_BYTES = 16;

export interface PairingKeys {
	secretKey: Uint8Array;
	/** base64url, as it travels. */
	publicKey: string;
}

export function pairingKeys(): PairingKeys {
	const secretKey = x25519.utils.randomSecretKey();
	return { secretKey, publicKey: toBase64Url(x25519.getPublicKey(secretKey)) };
}

/**
 * The room secret from this device's key pair and the other's public key; `asker` and `asked`
 * are both public keys in the order of the pairing, so that both ends bind the same transcript.
 * Null when the other's key is not a usable point (noble refuses a shared point of zero).
 */
export function pairedRoomSecret(
	own: PairingKeys,
	theirs: string,
	asker: string,
	asked: string
): string | null {
	const their = fromBase64Url(theirs);
	if (!their || their.length !== 32) return null;
	let shared: Uint8Array;
	try {
		shared = x25519.getSharedSecret(own.secretKey, their);
	} catch {
		return null;
	}
	const info = utf8ToBytes(`room-secret:${asker}:${asked}`);
	const secret = toBase64Url(hkdf(sha256, shared, SALT, info, SECRET_BYTES));
	shared.fill(0);
	return secret;
}

/** Where a pairing lands: a private room whose peers are verified only by their safety codes. */
export function pairedRoomPath(secret: string): string {
	return `/n/${privateRoomKeys(secret).roomId}#${secret}`;
}
