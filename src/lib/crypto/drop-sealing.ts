import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CHUNK_BYTES, DROP_CIPHERS, type DropCipher } from '../protocol/peer-messages';

/**
 * Sealed drops: each recipient's copy is encrypted under a key of its own, chunk by chunk, so
 * that a device holds only ciphertext until the sender grants it a view and hands it that key.
 * Each sealed chunk is one wire chunk: its bytes, then a 16-byte tag.
 *
 * Two ciphers, named by the drop header (`cipher`), one per copy:
 * - `aes-256-gcm` where the sender's page has `crypto.subtle` (a secure context): the browser
 *   seals natively, off the main thread (`native-gcm.ts`). A recipient without `crypto.subtle`
 *   opens it with `@noble/ciphers`' GCM, whose code is fetched only then.
 * - `xchacha20poly1305` (`@noble/ciphers`) where it has not: plain-http LAN pages.
 *
 * A chunk's nonce is made of the copy's random salt and the chunk's index: for XChaCha the 16-byte
 * salt and a 64-bit index; for GCM, whose nonce has 96 bits, the salt's first 4 bytes and a 64-bit
 * index. That is safe because the key is fresh and random for every copy (`newDropKey`) and seals
 * nothing else: all GCM needs is that no nonce repeats under one key, and the index never repeats
 * within a copy. Nonce randomness across copies would matter only if a key were ever reused,
 * which it is not. Each chunk's associated data binds the cipher, the drop, the index and whether
 * it is the last, so chunks can't be reordered, dropped or cut short, nor opened as another copy.
 */

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
export const TAG_BYTES = 16;
/** Plain bytes per sealed chunk: a sealed chunk fills one wire chunk exactly. */
export const PLAIN_CHUNK_BYTES = CHUNK_BYTES - TAG_BYTES;

export { DROP_CIPHERS, type DropCipher };

export interface SealedCopy {
	readonly dropId: string;
	readonly cipher: DropCipher;
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

/** What a sender needs to seal a copy of `plainSize` bytes of drop `dropId` with `cipher`. */
export function describeCopy(
	dropId: string,
	plainSize: number,
	cipher: DropCipher,
	salt = newSalt()
): SealedCopy {
	return { dropId, cipher, salt, chunks: chunkCount(plainSize), size: sealedSize(plainSize) };
}

/** Chunk `index`'s nonce: 24 bytes for XChaCha, 12 for GCM (see the module's doc). */
export function chunkNonce(copy: SealedCopy, index: number): Uint8Array<ArrayBuffer> {
	const prefix = copy.cipher === 'aes-256-gcm' ? 4 : SALT_BYTES;
	const n = new Uint8Array(prefix + 8);
	n.set(copy.salt.subarray(0, prefix));
	new DataView(n.buffer).setBigUint64(prefix, BigInt(index));
	return n;
}

const encoder = new TextEncoder();

export function isLastChunk(copy: SealedCopy, index: number): boolean {
	return index === copy.chunks - 1;
}

export function chunkAssociatedData(copy: SealedCopy, index: number): Uint8Array<ArrayBuffer> {
	const last = isLastChunk(copy, index) ? 1 : 0;
	return encoder.encode(`vanishdrop/drop-chunk/v2|${copy.cipher}|${copy.dropId}|${index}|${last}`);
}

/** The plain bytes chunk `index` seals. */
export function plainChunk<B extends ArrayBufferLike>(plain: Uint8Array<B>, index: number): Uint8Array<B> {
	const start = index * PLAIN_CHUNK_BYTES;
	return plain.subarray(start, Math.min(plain.length, start + PLAIN_CHUNK_BYTES));
}

/** The plain bytes `copy` holds: what an opened copy must fill exactly. */
export function plainTotal(copy: SealedCopy): number {
	return copy.size - copy.chunks * TAG_BYTES;
}

/**
 * Whether `chunks` can be the sealed chunks of `copy`: as many as it has, each a full wire chunk
 * but the last, adding up to its size. Checked before anything is decrypted.
 */
export function chunksFit(copy: SealedCopy, chunks: readonly Uint8Array[]): boolean {
	if (chunks.length !== copy.chunks) return false;
	let total = 0;
	for (let index = 0; index < chunks.length; index++) {
		const length = chunks[index]!.length;
		if (length < TAG_BYTES || (!isLastChunk(copy, index) && length !== CHUNK_BYTES)) return false;
		total += length;
	}
	return total === copy.size;
}

/** A cipher in JS, as `@noble/ciphers` shapes them (its XChaCha20-Poly1305 and its AES-GCM). */
export type JsAead = (
	key: Uint8Array,
	nonce: Uint8Array,
	associatedData: Uint8Array
) => {
	encrypt(plain: Uint8Array, out?: Uint8Array): Uint8Array;
	decrypt(sealed: Uint8Array, out?: Uint8Array): Uint8Array;
};

/**
 * Seals chunk `index` of `plain` with `aead`, the JS code of `copy.cipher`, into `out` (which
 * must have room for the sealed chunk) or a fresh buffer.
 */
export function sealChunk(
	aead: JsAead,
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array,
	index: number,
	out?: Uint8Array
): Uint8Array {
	const part = plainChunk(plain, index);
	const cipher = aead(key, chunkNonce(copy, index), chunkAssociatedData(copy, index));
	const into = out?.subarray(0, part.length + TAG_BYTES);
	if (!into || writesInPlace(copy)) return cipher.encrypt(part, into);
	into.set(cipher.encrypt(part));
	return into;
}

/** `@noble/ciphers`' GCM can't write into a buffer it is given: its output is copied there. */
export function writesInPlace(copy: SealedCopy): boolean {
	return copy.cipher === 'xchacha20poly1305';
}

/** `sealChunk` for an XChaCha20-Poly1305 copy, whose code is always loaded. */
export function sealXChaChaChunk(
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array,
	index: number,
	out?: Uint8Array
): Uint8Array {
	if (copy.cipher !== 'xchacha20poly1305') throw new Error('not an XChaCha20-Poly1305 copy');
	return sealChunk(xchacha20poly1305, key, copy, plain, index, out);
}
