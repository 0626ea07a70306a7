import { loadJsAead, openSealedWith, sealChunk, type DropCipher, type SealedCopy } from './drop-sealing';
import { nativeGcmSealer, nativeSubtle, openNativeGcm } from './native-gcm';

/**
 * Which code seals and opens a copy (`drop-sealing.ts` says how): the browser's AES-256-GCM where
 * the page has `crypto.subtle`, JS everywhere else. Feature-detected, never guessed from the
 * browser's name.
 */

/** The cipher this page seals its copies with: AES-256-GCM natively if it can, else XChaCha20-Poly1305. */
export function sendingCipher(): DropCipher {
	return nativeSubtle() ? 'aes-256-gcm' : 'xchacha20poly1305';
}

/** Writes sealed chunk `index` into `into` (room for a wire chunk); the bytes written. In order from 0. */
export type ChunkSealer = (index: number, into: Uint8Array) => number | Promise<number>;

/**
 * Seals `plain` as `copy` under `key`, chunk by chunk as they are asked for: natively (and a few
 * chunks ahead) for AES-256-GCM where the page can, in JS otherwise, one chunk at a time.
 */
export async function copySealer(
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array<ArrayBuffer>
): Promise<ChunkSealer> {
	const subtle = nativeSubtle();
	if (copy.cipher === 'aes-256-gcm' && subtle) return nativeGcmSealer(subtle, key, copy, plain);
	const aead = await loadJsAead(copy.cipher);
	return (index, into) => sealChunk(aead, key, copy, plain, index, into).length;
}

/**
 * Opens a sealed copy received as its wire chunks into one fresh buffer, the ciphertext zeroed as
 * it goes (the photo is never held twice over). Null when a tag does not verify (a wrong key, or
 * bytes that were changed, moved or cut): then nothing of the plaintext is kept.
 */
export async function openSealed(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[]
): Promise<Uint8Array<ArrayBuffer> | null> {
	const subtle = nativeSubtle();
	if (copy.cipher === 'aes-256-gcm' && subtle) return openNativeGcm(subtle, key, copy, chunks);
	return openSealedWith(await loadJsAead(copy.cipher), key, copy, chunks);
}
