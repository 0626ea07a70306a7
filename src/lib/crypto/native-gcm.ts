import { chunkAssociatedData, chunkNonce, plainChunk, type SealedCopy } from './drop-sealing';

/**
 * AES-256-GCM copies sealed and opened by the browser (`crypto.subtle`): natively and off the
 * main thread, which hands each chunk over and takes it back. The ciphertext is byte for byte
 * what `@noble/ciphers`' GCM makes of the same key, nonce and data (`drop-sealing.ts`), so either
 * side may use either. The key is imported once per copy, not extractable.
 */

/** Chunks sealed or opened ahead of the one the caller waits for: 8 × 64 KiB in flight at most. */
export const AHEAD = 8;

/** The browser's own crypto, which exists only in secure contexts (https, localhost). */
export function nativeSubtle(): SubtleCrypto | null {
	return globalThis.isSecureContext !== false && globalThis.crypto?.subtle ? globalThis.crypto.subtle : null;
}

export function gcmParams(copy: SealedCopy, index: number): AesGcmParams {
	return {
		name: 'AES-GCM',
		iv: chunkNonce(copy, index),
		additionalData: chunkAssociatedData(copy, index),
		tagLength: 128
	};
}

export async function importKey(subtle: SubtleCrypto, key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
	// The caller zeroes its own bytes when it is done with them; this copy goes once imported.
	const raw = key.slice();
	try {
		return await subtle.importKey('raw', raw, 'AES-GCM', false, [usage]);
	} finally {
		raw.fill(0);
	}
}

/** Writes sealed chunk `index` into `into`, in order from 0; the bytes written. */
export type NativeChunkSealer = (index: number, into: Uint8Array) => Promise<number>;

/**
 * A copy's chunks sealed a few ahead of the one asked for, so the channel never waits on the
 * browser's round trip, and never more than `AHEAD` of them held: asked in order, they come in
 * order. The browser copies each chunk's plain bytes when the call is made.
 */
export async function nativeGcmSealer(
	subtle: SubtleCrypto,
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array<ArrayBuffer>
): Promise<NativeChunkSealer> {
	const cryptoKey = await importKey(subtle, key, 'encrypt');
	const pending = new Map<number, Promise<ArrayBuffer>>();
	let next = 0;
	const startUpTo = (last: number) => {
		for (; next < copy.chunks && next <= last; next++) {
			const sealed = subtle.encrypt(gcmParams(copy, next), cryptoKey, plainChunk(plain, next));
			// A copy abandoned half way leaves chunks nobody waits for: their failures are no news.
			sealed.catch(() => undefined);
			pending.set(next, sealed);
		}
	};
	return async (index, into) => {
		startUpTo(index + AHEAD);
		const sealed = pending.get(index);
		if (!sealed) throw new Error('chunks are sealed in order');
		pending.delete(index);
		const bytes = new Uint8Array(await sealed);
		into.set(bytes);
		return bytes.length;
	};
}
