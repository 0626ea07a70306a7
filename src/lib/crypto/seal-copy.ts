import { sealXChaChaChunk, type DropCipher, type SealedCopy } from './drop-sealing';
import { nativeGcmSealer, nativeSubtle } from './native-gcm';

/**
 * Which code seals a sender's copy (`drop-sealing.ts` says how): the browser's AES-256-GCM where
 * the page has `crypto.subtle`, XChaCha20-Poly1305 in JS everywhere else. Feature-detected, never
 * guessed from the browser's name. The recipient's side is `open-sealed.ts`.
 */

/** The cipher this page seals its copies with: AES-256-GCM natively if it can, else XChaCha20-Poly1305. */
export function sendingCipher(): DropCipher {
	return nativeSubtle() ? 'aes-256-gcm' : 'xchacha20poly1305';
}

/** Writes sealed chunk `index` into `into` (room for a wire chunk); the bytes written. In order from 0. */
export type ChunkSealer = (index: number, into: Uint8Array) => number | Promise<number>;

/**
 * Seals `plain` as `copy` under `key`, chunk by chunk as they are asked for: AES-256-GCM natively
 * (a few chunks ahead), XChaCha20-Poly1305 in JS one chunk at a time. A page without
 * `crypto.subtle` seals no AES-256-GCM copy (`sendingCipher` never names it there).
 */
export async function copySealer(
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array<ArrayBuffer>
): Promise<ChunkSealer> {
	if (copy.cipher === 'xchacha20poly1305') {
		return (index, into) => sealXChaChaChunk(key, copy, plain, index, into).length;
	}
	const subtle = nativeSubtle();
	if (!subtle) throw new Error('this page cannot seal AES-256-GCM');
	return nativeGcmSealer(subtle, key, copy, plain);
}
