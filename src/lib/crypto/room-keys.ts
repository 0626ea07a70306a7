import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { PUBLIC_CODE_ALPHABET, PUBLIC_CODE_LENGTH } from '../protocol/signaling-messages';
import { fromBase64Url, randomToken, toBase64Url } from './base64url';

/** 128 random bits: the part of a private room's URL that stays in the fragment. */
const SECRET_BYTES = 16;
const SALT = utf8ToBytes('vanishdrop/room/v1');
const JOIN_KEY_BYTES = 32;

export interface RoomKeys {
	/** What the signaling server sees. */
	roomId: string;
	/** Private rooms: what the join carries to prove the link's secret (`base64url(joinKey)`). */
	joinProof: string | null;
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
 * A private room's id is a hash of its join key: the server checks a join's proof against the
 * id alone, keeps nothing else, and nobody can claim an id without a key that hashes to it.
 */
export function roomIdOfJoinKey(joinKey: Uint8Array): string {
	return toBase64Url(sha256(joinKey)).slice(0, 22);
}

/** The room id a join proof opens, or null when it is no join key at all. */
export function roomIdOfProof(proof: string): string | null {
	const joinKey = fromBase64Url(proof);
	return joinKey?.length === JOIN_KEY_BYTES ? roomIdOfJoinKey(joinKey) : null;
}

/**
 * HKDF splits the secret into a join key for the server and a MAC key for the peers. Both are
 * one-way, so the server learns nothing about the secret or the MAC key from the key or the id.
 */
export function privateRoomKeys(secret: string): RoomKeys {
	const ikm = fromBase64Url(secret);
	if (!ikm || ikm.length !== SECRET_BYTES) throw new Error('invalid room secret');
	const joinKey = hkdf(sha256, ikm, SALT, utf8ToBytes('join-key'), JOIN_KEY_BYTES);
	const macKey = hkdf(sha256, ikm, SALT, utf8ToBytes('signal-mac'), 32);
	return { roomId: roomIdOfJoinKey(joinKey), joinProof: toBase64Url(joinKey), macKey, authenticated: true };
}

/** A public code is known to anyone who has it, and so to the server: its key proves nothing. */
export function publicRoomKeys(code: string): RoomKeys {
	const macKey = hkdf(sha256, utf8ToBytes(code), SALT, utf8ToBytes('public-signal-mac'), 32);
	return { roomId: code, joinProof: null, macKey, authenticated: false };
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
