import { CHUNK_BYTES } from '../../../src/lib/protocol/chunk-frames';
import { describeCopy, newDropKey, sealChunk } from '../../../src/lib/crypto/drop-sealing';
import { ChunkedDigest } from '../../../src/lib/crypto/chunked-digest';

/**
 * The sender's per-chunk work without the channel: every chunk sealed into one reused frame and
 * added to the streaming digest, as `deliverCopy` does, on this page's main thread. The ms taken.
 */
export function sealOnMainThread(plain: Uint8Array): number {
	const key = newDropKey();
	const copy = describeCopy('B'.repeat(22), plain.length);
	const frame = new Uint8Array(CHUNK_BYTES);
	const digest = new ChunkedDigest();
	const t0 = performance.now();
	for (let i = 0; i < copy.chunks; i++) digest.add(sealChunk(key, copy, plain, i, frame));
	return performance.now() - t0;
}
