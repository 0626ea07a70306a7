import { CHUNK_BYTES } from '../../../src/lib/protocol/chunk-frames';
import {
	describeCopy,
	newDropKey,
	sealXChaChaChunk,
	type DropCipher
} from '../../../src/lib/crypto/drop-sealing';
import { copySealer, sendingCipher } from '../../../src/lib/crypto/seal-copy';
import { ChunkedDigest } from '../../../src/lib/crypto/chunked-digest';

/**
 * The sender's per-chunk work without the channel with XChaCha20-Poly1305, the cipher of a page
 * that is not a secure context (plain-http LAN): every chunk sealed into one reused frame and
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
 * What the app's sender does per chunk on this page, with the cipher it would pick here: the
 * browser's AES-256-GCM where the page is a secure context (a few chunks in flight, as
 * `copySealer` keeps them), XChaCha20-Poly1305 in JS elsewhere. Every chunk sealed into one
 * reused frame and added to the streaming digest, in order, as `deliverCopy` does. The cipher, the
 * ms until the last chunk is sealed, and the ms of it this page's main thread was busy.
 */
export async function sealAsTheAppDoes(
	plain: Uint8Array<ArrayBuffer>
): Promise<{ cipher: DropCipher; ms: number; mainMs: number }> {
	const cipher = sendingCipher();
	const key = newDropKey();
	const copy = describeCopy('B'.repeat(22), plain.length, cipher);
	const frame = new Uint8Array(CHUNK_BYTES);
	const digest = new ChunkedDigest();
	let mainMs = 0;
	const t0 = performance.now();
	const seal = await copySealer(key, copy, plain);
	for (let i = 0; i < copy.chunks; i++) {
		const asked = performance.now();
		const filled = seal(i, frame);
		mainMs += performance.now() - asked;
		const length = typeof filled === 'number' ? filled : await filled;
		const added = performance.now();
		digest.add(frame.subarray(0, length));
		mainMs += performance.now() - added;
	}
	const ms = performance.now() - t0;
	key.fill(0);
	return { cipher, ms, mainMs };
}
