import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { PUBLIC_CODE_ALPHABET, PUBLIC_CODE_LENGTH } from '../protocol/signaling-messages';
import { fromBase64Url, randomToken, toBase64Url } from './base64url';

/** 128 random bits: the part of a private room's URL that stays in the fragment. */
const SECRET_BYTES = 16;
const SALT = utf8ToBytes('vanishdrop/room/v1');

export interface RoomKeys {
	/** What the signaling server sees. */
	roomId: string;
	/** Authenticates signals between room members; never leaves the tab. */
	macKey: Uint8Array;
	/** True when the key comes from a secret only the members hold. */
	authenticated: boolean;
}

export function generateRoomSecret(): string {
	return randomToken(SECRET_BYTES);
}

export function isRoomSecret(v: string): boolean {
	const bytes = fromBase64Url(v);
	return bytes !== null && bytes.length === SECRET_BYTES && v.length === 22;
}

/**
 * HKDF splits the secret into an id for the server and a MAC key for the peers. HKDF is one-way,
 * so the server learns nothing about the secret or the key from the id.
 */
export function privateRoomKeys(secret: string): RoomKeys {
	const ikm = fromBase64Url(secret);
	if (!ikm || ikm.length !== SECRET_BYTES) throw new Error('invalid room secret');
	const roomId = toBase64Url(hkdf(sha256, ikm, SALT, utf8ToBytes('room-id'), 16)).slice(0, 22);
	const macKey = hkdf(sha256, ikm, SALT, utf8ToBytes('signal-mac'), 32);
	return { roomId, macKey, authenticated: true };
}

/** A public code is known to anyone who has it, and so to the server: its key proves nothing. */
export function publicRoomKeys(code: string): RoomKeys {
	const macKey = hkdf(sha256, utf8ToBytes(code), SALT, utf8ToBytes('public-signal-mac'), 32);
	return { roomId: code, macKey, authenticated: false };
}

export function generatePublicCode(): string {
	const alphabet = PUBLIC_CODE_ALPHABET;
	// Rejection sampling keeps every character equally likely.
	const limit = 256 - (256 % alphabet.length);
	let code = '';
	while (code.length < PUBLIC_CODE_LENGTH) {
		for (const b of crypto.getRandomValues(new Uint8Array(16))) {
			if (b < limit && code.length < PUBLIC_CODE_LENGTH) code += alphabet[b % alphabet.length];
		}
	}
	return code;
}
