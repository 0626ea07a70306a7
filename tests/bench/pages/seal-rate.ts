import { CHUNK_BYTES } from '../../../src/lib/protocol/chunk-frames';
import { describeCopy, newDropKey, sealXChaChaChunk } from '../../../src/lib/crypto/drop-sealing';
import { ChunkedDigest } from '../../../src/lib/crypto/chunked-digest';

/**
 * The sender's per-chunk work without the channel: every chunk sealed into one reused frame and
 * added to the streaming digest, as `deliverCopy` does, on this page's main thread. The ms taken.
 */
export function sealOnMainThread(plain: Uint8Array): number {
	const key = newDropKey();
	const copy = describeCopy('B'.repeat(22), plain.length, 'xchacha20poly1305');
	const frame = new Uint8Array(CHUNK_BYTES);
	const digest = new ChunkedDigest();
	const t0 = performance.now();
	for (let i = 0; i < copy.chunks; i++) digest.add(sealXChaChaChunk(key, copy, plain, i, frame));
	return performance.now() - t0;
}

/**
 * For comparison only (the app does not use it): the same chunks sealed with the browser's own
 * AES-256-GCM (WebCrypto, off the main thread, a secure context only), all in flight at once.
 * The ms until the last is sealed, and the main thread's share of it (handing the chunks over).
 */
export async function aesGcmOnPage(plain: Uint8Array<ArrayBuffer>): Promise<{ ms: number; mainMs: number }> {
	const key = await crypto.subtle.importKey(
		'raw',
		crypto.getRandomValues(new Uint8Array(32)),
		'AES-GCM',
		false,
		['encrypt']
	);
	const copy = describeCopy('B'.repeat(22), plain.length, 'aes-256-gcm');
	const step = CHUNK_BYTES - 16;
	const sealed: Promise<ArrayBuffer>[] = [];
	const t0 = performance.now();
	for (let i = 0; i < copy.chunks; i++) {
		const iv = new Uint8Array(12);
		new DataView(iv.buffer).setUint32(8, i);
		sealed.push(
			crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain.subarray(i * step, (i + 1) * step))
		);
	}
	const mainMs = performance.now() - t0;
	await Promise.all(sealed);
	return { ms: performance.now() - t0, mainMs };
}
