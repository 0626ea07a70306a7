import { gcm } from '@noble/ciphers/aes.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_EDGE_SIZES } from '../../../tests/support/chunk-sizes';
import { CHUNK_BYTES, MAX_DROP_BYTES, type DropCipher } from '../protocol/peer-messages';
import {
	PLAIN_CHUNK_BYTES,
	describeCopy,
	newDropKey,
	plainSize,
	sealChunk,
	sealedSize,
	type SealedCopy
} from './drop-sealing';
import { nativeGcmSealer, nativeSubtle } from './native-gcm';
import { loadJsAead, openNativeGcm, openSealed, openSealedWith } from './open-sealed';
import { copySealer, sendingCipher } from './seal-copy';

const DROP = 'S'.repeat(22);

function bytes(n: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
	return out;
}

/** Every chunk of a copy, as the sender's `copySealer` writes them into one reused frame. */
async function sealAll(
	key: Uint8Array,
	copy: SealedCopy,
	plain: Uint8Array<ArrayBuffer>
): Promise<Uint8Array[]> {
	const seal = await copySealer(key, copy, plain);
	const frame = new Uint8Array(CHUNK_BYTES);
	const chunks: Uint8Array[] = [];
	for (let i = 0; i < copy.chunks; i++) chunks.push(frame.slice(0, await seal(i, frame)));
	return chunks;
}

/** The same chunks sealed in JS with `@noble/ciphers`, for `copy.cipher`. */
async function sealAllInJs(key: Uint8Array, copy: SealedCopy, plain: Uint8Array): Promise<Uint8Array[]> {
	const aead = await loadJsAead(copy.cipher);
	return Array.from({ length: copy.chunks }, (_, i) => sealChunk(aead, key, copy, plain, i));
}

const subtle = nativeSubtle()!;

/** Each way a recipient opens a copy: its cipher, natively or in JS. */
const OPENERS: { name: string; cipher: DropCipher; open: typeof openSealed }[] = [
	{ name: 'XChaCha20-Poly1305 (JS)', cipher: 'xchacha20poly1305', open: openSealed },
	{
		name: 'AES-256-GCM (WebCrypto)',
		cipher: 'aes-256-gcm',
		open: (key, copy, chunks) => openNativeGcm(subtle, key, copy, chunks)
	},
	{
		name: 'AES-256-GCM (@noble/ciphers)',
		cipher: 'aes-256-gcm',
		open: async (key, copy, chunks) => openSealedWith(gcm, key, copy, chunks)
	}
];

/** The largest photo whose sealed copy still fits one drop. */
const MAX_PLAIN = (() => {
	let p = MAX_DROP_BYTES - Math.ceil(MAX_DROP_BYTES / CHUNK_BYTES) * 16;
	while (sealedSize(p + 1) <= MAX_DROP_BYTES) p++;
	while (sealedSize(p) > MAX_DROP_BYTES) p--;
	return p;
})();

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('which cipher a page seals with', () => {
	it('AES-256-GCM where the page has crypto.subtle', () => {
		expect(sendingCipher()).toBe('aes-256-gcm');
	});
	it('XChaCha20-Poly1305 where it has not (a plain-http page)', () => {
		vi.stubGlobal('isSecureContext', false);
		expect(sendingCipher()).toBe('xchacha20poly1305');
	});
});

describe('AES-256-GCM natively and in JS: the same bytes', () => {
	it('a copy sealed by WebCrypto is byte for byte what @noble/ciphers seals, and each opens the other', async () => {
		const n = 3 * PLAIN_CHUNK_BYTES + 100;
		const key = newDropKey();
		const plain = bytes(n);
		const copy = describeCopy(DROP, n, 'aes-256-gcm');
		const native = await sealAll(key, copy, plain);
		const js = await sealAllInJs(key, copy, plain);
		expect(native.map((c) => Buffer.from(c).toString('hex'))).toEqual(
			js.map((c) => Buffer.from(c).toString('hex'))
		);
		expect(openSealedWith(gcm, key, copy, native)).toEqual(plain);
		expect(await openNativeGcm(subtle, key, copy, js)).toEqual(plain);
	});

	it('a recipient without crypto.subtle opens an AES-256-GCM copy in JS', async () => {
		const key = newDropKey();
		const plain = bytes(PLAIN_CHUNK_BYTES + 5);
		const copy = describeCopy(DROP, plain.length, 'aes-256-gcm');
		const chunks = await sealAll(key, copy, plain);
		vi.stubGlobal('isSecureContext', false);
		expect(await openSealed(key, copy, chunks)).toEqual(plain);
	});

	it('the native sealer asks for its chunks in order', async () => {
		const copy = describeCopy(DROP, 3 * PLAIN_CHUNK_BYTES, 'aes-256-gcm');
		const seal = await nativeGcmSealer(subtle, newDropKey(), copy, bytes(3 * PLAIN_CHUNK_BYTES));
		const frame = new Uint8Array(CHUNK_BYTES);
		await seal(0, frame);
		await expect(seal(0, frame)).rejects.toThrow();
	});
});

for (const { name, cipher, open } of OPENERS) {
	describe(`sealing a copy chunk by chunk: ${name}`, () => {
		for (const n of CHUNK_EDGE_SIZES) {
			it(`round-trips ${n} bytes, each sealed chunk one wire chunk`, async () => {
				const key = newDropKey();
				const plain = bytes(n);
				const copy = describeCopy(DROP, n, cipher);
				const chunks = await sealAll(key, copy, plain);
				expect(chunks.reduce((s, c) => s + c.length, 0)).toBe(copy.size);
				for (const c of chunks.slice(0, -1)) expect(c.length).toBe(CHUNK_BYTES);
				expect(plainSize(copy.size)).toBe(n);
				const opened = await open(key, copy, chunks);
				expect(opened).toEqual(plain);
				// The ciphertext is zeroed as it is opened: the photo is never held twice.
				for (const c of chunks) expect(c.every((b) => b === 0)).toBe(true);
			});
		}

		it('holds no plaintext: a chunk shares no run of bytes with what it seals', async () => {
			const plain = bytes(PLAIN_CHUNK_BYTES);
			const copy = describeCopy(DROP, plain.length, cipher);
			const [sealed] = await sealAll(newDropKey(), copy, plain);
			const same = sealed!.subarray(0, PLAIN_CHUNK_BYTES).filter((b, i) => b === plain[i]).length;
			expect(same).toBeLessThan(PLAIN_CHUNK_BYTES / 100);
		});

		describe('opens only what was sealed, in order, whole, with its own key', () => {
			const n = 3 * PLAIN_CHUNK_BYTES + 100;
			const key = newDropKey();
			const plain = bytes(n);
			const copy = describeCopy(DROP, n, cipher);
			const fresh = () => sealAll(key, copy, plain);

			it('a wrong key', async () => expect(await open(newDropKey(), copy, await fresh())).toBeNull());
			it('one flipped bit, and nothing of the plaintext is kept', async () => {
				const chunks = await fresh();
				chunks[1]![100]! ^= 1;
				expect(await open(key, copy, chunks)).toBeNull();
				for (const c of chunks) expect(c.every((b) => b === 0)).toBe(true);
			});
			it('two chunks swapped', async () => {
				const chunks = await fresh();
				[chunks[0], chunks[1]] = [chunks[1]!, chunks[0]!];
				expect(await open(key, copy, chunks)).toBeNull();
			});
			it('the last chunk cut off', async () => {
				const chunks = (await fresh()).slice(0, -1);
				const size = chunks.reduce((s, c) => s + c.length, 0);
				expect(await open(key, { ...copy, chunks: copy.chunks - 1, size }, chunks)).toBeNull();
			});
			it('another drop id', async () =>
				expect(await open(key, { ...copy, dropId: 'T'.repeat(22) }, await fresh())).toBeNull());
			it('another salt', async () =>
				expect(await open(key, describeCopy(DROP, n, cipher), await fresh())).toBeNull());
			it('the other cipher named', async () => {
				const other: DropCipher = cipher === 'aes-256-gcm' ? 'xchacha20poly1305' : 'aes-256-gcm';
				expect(await openSealed(key, { ...copy, cipher: other }, await fresh())).toBeNull();
			});
		});
	});
}

describe('the largest photo', () => {
	for (const cipher of ['xchacha20poly1305', 'aes-256-gcm'] as const) {
		it(`a sealed copy of it fits one drop, and one byte more does not (${cipher})`, async () => {
			expect(sealedSize(MAX_PLAIN)).toBeLessThanOrEqual(MAX_DROP_BYTES);
			expect(sealedSize(MAX_PLAIN + 1)).toBeGreaterThan(MAX_DROP_BYTES);
			const key = newDropKey();
			const plain = bytes(MAX_PLAIN);
			const copy = describeCopy(DROP, MAX_PLAIN, cipher);
			const opened = await openSealed(key, copy, await sealAll(key, copy, plain));
			// Compared as buffers: a deep equality over 50 million elements takes minutes.
			expect(opened && Buffer.from(opened).equals(Buffer.from(plain))).toBe(true);
		});
	}
});
