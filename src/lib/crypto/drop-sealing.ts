import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CHUNK_BYTES } from '../protocol/peer-messages';

/**
 * Sealed drops: each recipient's copy is encrypted under a key of its own, chunk by chunk
 * (XChaCha20-Poly1305, which works on plain-http pages), so that a device holds only ciphertext
 * until the sender grants it a view and hands it that key. Each sealed chunk is one wire chunk.
 * A chunk's nonce is the copy's random salt and its index; its associated data binds the drop,
 * the index and whether it is the last, so chunks can't be reordered, dropped or cut short.
 */

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
const TAG_BYTES = 16;
/** Plain bytes per sealed chunk: a sealed chunk fills one wire chunk exactly. */
export const PLAIN_CHUNK_BYTES = CHUNK_BYTES - TAG_BYTES;

export interface SealedCopy {
	readonly dropId: string;
	readonly salt: Uint8Array;
	/** Sealed chunks in all; an empty photo still has one. */
	readonly chunks: number;
	/** Bytes on the wire: the plain size plus one tag per chunk. */
	readonly size: number;
}

export function newDropKey(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

export function newSalt(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

export function chunkCount(plainSize: number): number {
	return Math.max(1, Math.ceil(plainSize / PLAIN_CHUNK_BYTES));
}

export function sealedSize(plainSize: number): number {
	return plainSize + chunkCount(plainSize) * TAG_BYTES;
}

/** The plain size of a sealed stream of `size` bytes, or null when no plain size gives it. */
export function plainSize(size: number): number | null {
	const chunks = Math.max(1, Math.ceil(size / CHUNK_BYTES));
	const plain = size - chunks * TAG_BYTES;
	return plain >= 0 && sealedSize(plain) === size ? plain : null;
}

function nonce(salt: Uint8Array, index: number): Uint8Array {
	const n = new Uint8Array(24);
	n.set(salt.subarray(0, SALT_BYTES));
	new DataView(n.buffer).setBigUint64(16, BigInt(index));
	return n;
}

const encoder = new TextEncoder();

function associatedData(dropId: string, index: number, last: boolean): Uint8Array {
	return encoder.encode(`vanishdrop/drop-chunk/v1|${dropId}|${index}|${last ? 1 : 0}`);
}

/** Seals chunk `index` of `plain` into `out` (which must hold the sealed chunk exactly). */
export function sealChunk(
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array,
	index: number,
	out?: Uint8Array
): Uint8Array {
	const start = index * PLAIN_CHUNK_BYTES;
	const part = plain.subarray(start, Math.min(plain.length, start + PLAIN_CHUNK_BYTES));
	const last = index === copy.chunks - 1;
	const cipher = xchacha20poly1305(key, nonce(copy.salt, index), associatedData(copy.dropId, index, last));
	return cipher.encrypt(part, out?.subarray(0, part.length + TAG_BYTES));
}

/** What a sender needs to seal a copy of `plainSize` bytes of drop `dropId`. */
export function describeCopy(dropId: string, plainSize: number, salt = newSalt()): SealedCopy {
	return { dropId, salt, chunks: chunkCount(plainSize), size: sealedSize(plainSize) };
}

/**
 * Opens a sealed copy received as its wire chunks, into one fresh buffer. Each ciphertext chunk
 * is zeroed as soon as it is opened, so the photo is never held twice over. Null when a tag does
 * not verify (a wrong key, or bytes that were changed): then nothing of the plaintext is kept.
 */
export function openSealed(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[]
): Uint8Array<ArrayBuffer> | null {
	if (chunks.length !== copy.chunks) return null;
	const plainTotal = copy.size - copy.chunks * TAG_BYTES;
	const plain = new Uint8Array(plainTotal);
	let at = 0;
	for (let index = 0; index < chunks.length; index++) {
		const chunk = chunks[index]!;
		const last = index === copy.chunks - 1;
		const length = chunk.length - TAG_BYTES;
		if (length < 0 || at + length > plainTotal || (!last && chunk.length !== CHUNK_BYTES)) {
			plain.fill(0);
			return null;
		}
		try {
			const cipher = xchacha20poly1305(
				key,
				nonce(copy.salt, index),
				associatedData(copy.dropId, index, last)
			);
			cipher.decrypt(chunk, plain.subarray(at, at + length));
		} catch {
			plain.fill(0);
			return null;
		}
		chunk.fill(0);
		at += length;
	}
	return at === plainTotal ? plain : null;
}
