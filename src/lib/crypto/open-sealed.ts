import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import {
	TAG_BYTES,
	chunkAssociatedData,
	chunkNonce,
	chunksFit,
	plainTotal,
	writesInPlace,
	type DropCipher,
	type JsAead,
	type SealedCopy
} from './drop-sealing';
import { AHEAD, gcmParams, importKey, nativeSubtle } from './native-gcm';

/**
 * A recipient's side of sealed drops (`drop-sealing.ts` says how they are sealed): a granted copy
 * opened natively where it is AES-256-GCM and the page has `crypto.subtle`, in JS otherwise.
 * Only the opening code loads this, not the room page's first load.
 */

/** `cipher` in JS: XChaCha is always at hand; GCM's code is fetched the first time it is needed. */
export async function loadJsAead(cipher: DropCipher): Promise<JsAead> {
	if (cipher === 'xchacha20poly1305') return xchacha20poly1305;
	return (await import('@noble/ciphers/aes.js')).gcm;
}

/**
 * Opens a sealed copy with `aead`, the JS code of `copy.cipher`, into one fresh buffer. Each
 * ciphertext chunk is zeroed as soon as it is opened, so the photo is never held twice over.
 * Null when a tag does not verify (a wrong key, or bytes that were changed): then nothing of
 * the plaintext, nor of the ciphertext, is kept.
 */
export function openSealedWith(
	aead: JsAead,
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[]
): Uint8Array<ArrayBuffer> | null {
	if (!chunksFit(copy, chunks)) return null;
	const plain = new Uint8Array(plainTotal(copy));
	let at = 0;
	for (let index = 0; index < chunks.length; index++) {
		const chunk = chunks[index]!;
		const length = chunk.length - TAG_BYTES;
		try {
			const cipher = aead(key, chunkNonce(copy, index), chunkAssociatedData(copy, index));
			const into = plain.subarray(at, at + length);
			if (writesInPlace(copy)) cipher.decrypt(chunk, into);
			else {
				const opened = cipher.decrypt(chunk);
				into.set(opened);
				opened.fill(0);
			}
		} catch {
			plain.fill(0);
			for (const c of chunks) c.fill(0);
			return null;
		}
		chunk.fill(0);
		at += length;
	}
	return plain;
}

/**
 * Opens an AES-256-GCM copy natively into one fresh buffer, a few chunks at a time. Each
 * ciphertext chunk is zeroed once the browser has taken it, each opened chunk once it is copied
 * into place, so the photo is never held twice over. Null when any tag does not verify: then
 * the plaintext is zeroed too.
 */
export async function openNativeGcm(
	subtle: SubtleCrypto,
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[]
): Promise<Uint8Array<ArrayBuffer> | null> {
	if (!chunksFit(copy, chunks)) return null;
	const cryptoKey = await importKey(subtle, key, 'decrypt');
	const plain = new Uint8Array(plainTotal(copy));
	let intact = true;
	const inFlight: Promise<void>[] = [];
	let at = 0;
	for (let index = 0; index < chunks.length; index++) {
		if (inFlight.length >= AHEAD) await inFlight.shift();
		if (!intact) break;
		const chunk = chunks[index]!;
		const offset = at;
		at += chunk.length - TAG_BYTES;
		const opening = subtle.decrypt(gcmParams(copy, index), cryptoKey, chunk as Uint8Array<ArrayBuffer>);
		chunk.fill(0);
		inFlight.push(
			opening.then(
				(opened) => {
					const bytes = new Uint8Array(opened);
					if (intact) plain.set(bytes, offset);
					bytes.fill(0);
				},
				() => {
					intact = false;
				}
			)
		);
	}
	await Promise.all(inFlight);
	if (intact) return plain;
	plain.fill(0);
	for (const chunk of chunks) chunk.fill(0);
	return null;
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
