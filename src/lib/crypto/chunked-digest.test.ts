import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { describe, expect, it, vi } from 'vitest';
import { ChunkedDigest } from './chunked-digest';

const chunks = [new Uint8Array(65536).fill(1), new Uint8Array(65536).fill(2), new Uint8Array(7).fill(3)];
const expected = bytesToHex(sha256(concatBytes(...chunks.map((c) => sha256(c)))));

describe('the digest of a stream of chunks', () => {
	it('is the hash of the chunk hashes, natively', async () => {
		const d = new ChunkedDigest();
		for (const c of chunks) d.add(c);
		expect(await d.hex()).toBe(expected);
	});

	it('is the same in JS, where the page is not a secure context', async () => {
		vi.stubGlobal('isSecureContext', false);
		try {
			const d = new ChunkedDigest();
			for (const c of chunks) d.add(c);
			expect(await d.hex()).toBe(expected);
		} finally {
			vi.unstubAllGlobals();
		}
	});

	it('takes each chunk as it was when added: the caller may reuse its buffer', async () => {
		const frame = new Uint8Array(65536);
		const d = new ChunkedDigest();
		for (const c of chunks.slice(0, 2)) {
			frame.set(c);
			d.add(frame);
		}
		d.add(chunks[2]!);
		frame.fill(9);
		expect(await d.hex()).toBe(expected);
	});

	it('changes with the order of the chunks', async () => {
		const d = new ChunkedDigest();
		for (const c of [...chunks].reverse()) d.add(c);
		expect(await d.hex()).not.toBe(expected);
	});
});
