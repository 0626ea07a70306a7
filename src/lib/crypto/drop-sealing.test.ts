import { describe, expect, it } from 'vitest';
import { CHUNK_EDGE_SIZES } from '../../../tests/support/chunk-sizes';
import { CHUNK_BYTES, MAX_DROP_BYTES } from '../protocol/peer-messages';
import {
	PLAIN_CHUNK_BYTES,
	describeCopy,
	newDropKey,
	openSealed,
	plainSize,
	sealChunk,
	sealedSize,
	type SealedCopy
} from './drop-sealing';

const DROP = 'S'.repeat(22);

function bytes(n: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
	return out;
}

function sealAll(key: Uint8Array, copy: SealedCopy, plain: Uint8Array): Uint8Array[] {
	return Array.from({ length: copy.chunks }, (_, i) => sealChunk(key, copy, plain, i));
}

/** The largest photo whose sealed copy still fits one drop. */
const MAX_PLAIN = (() => {
	let p = MAX_DROP_BYTES - Math.ceil(MAX_DROP_BYTES / CHUNK_BYTES) * 16;
	while (sealedSize(p + 1) <= MAX_DROP_BYTES) p++;
	while (sealedSize(p) > MAX_DROP_BYTES) p--;
	return p;
})();

describe('sealing a copy chunk by chunk', () => {
	for (const n of CHUNK_EDGE_SIZES) {
		it(`round-trips ${n} bytes, each sealed chunk one wire chunk`, () => {
			const key = newDropKey();
			const plain = bytes(n);
			const copy = describeCopy(DROP, n);
			const chunks = sealAll(key, copy, plain);
			expect(chunks.reduce((s, c) => s + c.length, 0)).toBe(copy.size);
			for (const c of chunks.slice(0, -1)) expect(c.length).toBe(CHUNK_BYTES);
			expect(plainSize(copy.size)).toBe(n);
			const opened = openSealed(key, copy, chunks);
			expect(opened).toEqual(plain);
			// The ciphertext is zeroed as it is opened: the photo is never held twice.
			for (const c of chunks) expect(c.every((b) => b === 0)).toBe(true);
		});
	}

	it('a sealed copy of the largest photo fits one drop, and one byte more does not', () => {
		expect(sealedSize(MAX_PLAIN)).toBeLessThanOrEqual(MAX_DROP_BYTES);
		expect(sealedSize(MAX_PLAIN + 1)).toBeGreaterThan(MAX_DROP_BYTES);
		const key = newDropKey();
		const plain = bytes(MAX_PLAIN);
		const copy = describeCopy(DROP, MAX_PLAIN);
		const opened = openSealed(key, copy, sealAll(key, copy, plain));
		// Compared as buffers: a deep equality over 50 million elements takes minutes.
		expect(opened && Buffer.from(opened).equals(Buffer.from(plain))).toBe(true);
	});

	it('holds no plaintext: a chunk shares no run of bytes with what it seals', () => {
		const plain = bytes(PLAIN_CHUNK_BYTES);
		const copy = describeCopy(DROP, plain.length);
		const [sealed] = sealAll(newDropKey(), copy, plain);
		const same = sealed!.subarray(0, PLAIN_CHUNK_BYTES).filter((b, i) => b === plain[i]).length;
		expect(same).toBeLessThan(PLAIN_CHUNK_BYTES / 100);
	});

	describe('opens only what was sealed, in order, whole, with its own key', () => {
		const n = 3 * PLAIN_CHUNK_BYTES + 100;
		const key = newDropKey();
		const plain = bytes(n);
		const copy = describeCopy(DROP, n);
		const fresh = () => sealAll(key, copy, plain);

		it('a wrong key', () => expect(openSealed(newDropKey(), copy, fresh())).toBeNull());
		it('one flipped bit', () => {
			const chunks = fresh();
			chunks[1]![100]! ^= 1;
			expect(openSealed(key, copy, chunks)).toBeNull();
		});
		it('two chunks swapped', () => {
			const chunks = fresh();
			[chunks[0], chunks[1]] = [chunks[1]!, chunks[0]!];
			expect(openSealed(key, copy, chunks)).toBeNull();
		});
		it('the last chunk cut off', () => {
			const chunks = fresh().slice(0, -1);
			expect(
				openSealed(key, { ...copy, chunks: copy.chunks - 1, size: copy.size - chunks.length }, chunks)
			).toBeNull();
		});
		it('another drop id', () =>
			expect(openSealed(key, { ...copy, dropId: 'T'.repeat(22) }, fresh())).toBeNull());
		it('another salt', () => expect(openSealed(key, describeCopy(DROP, n), fresh())).toBeNull());
	});
});
