import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { isRoomSecret } from '../crypto/room-keys';
import { toBase64Url } from '../crypto/base64url';
import { pairedRoomPath, pairedRoomSecret, pairingKeys } from './pairing-secret';

describe('the nearby key exchange', () => {
	it('both devices derive the same room secret, a link-sized one', () => {
		const asker = pairingKeys();
		const asked = pairingKeys();
		const atAsker = pairedRoomSecret(asker, asked.publicKey, asker.publicKey, asked.publicKey);
		const atAsked = pairedRoomSecret(asked, asker.publicKey, asker.publicKey, asked.publicKey);
		expect(atAsker).not.toBeNull();
		expect(atAsker).toBe(atAsked);
		expect(isRoomSecret(atAsker!)).toBe(true);
		expect(pairedRoomPath(atAsker!)).toMatch(/^\/n\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	});

	it('is the HKDF of the X25519 shared point (RFC 7748 §6.1 keys)', () => {
		const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
		const aliceSk = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
		const bobPk = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
		const shared = x25519.getSharedSecret(aliceSk, bobPk);
		expect(toBase64Url(shared)).toBe(
			toBase64Url(hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742'))
		);
		const own = { secretKey: aliceSk, publicKey: toBase64Url(x25519.getPublicKey(aliceSk)) };
		const secret = pairedRoomSecret(own, toBase64Url(bobPk), own.publicKey, toBase64Url(bobPk));
		expect(isRoomSecret(secret!)).toBe(true);
	});

	it('a server that swaps the keys shares one secret with each device, never the same one', () => {
		const asker = pairingKeys();
		const asked = pairingKeys();
		const mallory = pairingKeys();
		// The asker hears Mallory's key as the answer; the asked device hears hers as the ask.
		const atAsker = pairedRoomSecret(asker, mallory.publicKey, asker.publicKey, mallory.publicKey);
		const atAsked = pairedRoomSecret(asked, mallory.publicKey, mallory.publicKey, asked.publicKey);
		expect(atAsker).not.toBe(atAsked);
	});

	it('refuses a key that is no usable point', () => {
		const own = pairingKeys();
		expect(pairedRoomSecret(own, toBase64Url(new Uint8Array(32)), own.publicKey, own.publicKey)).toBeNull();
		expect(pairedRoomSecret(own, 'short', own.publicKey, own.publicKey)).toBeNull();
	});
});
