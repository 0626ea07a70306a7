import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcm } from '@noble/ciphers/aes.js';
import {
	describeCopy,
	newDropKey,
	sealChunk,
	sealXChaChaChunk,
	type SealedCopy
} from '../crypto/drop-sealing';
import { sniffImage } from '../image/image-header';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { parseOpenPhotoReply, type OpenPhotoReply } from './open-photo-messages';

/** The worker's global scope, stood in for: Node has no `self` (and no `createImageBitmap`). */
const replies: OpenPhotoReply[] = [];
let deliver: ((e: { data: unknown }) => void) | null = null;
const scope = {
	addEventListener: (_type: string, listener: (e: { data: unknown }) => void) => (deliver = listener),
	postMessage: (m: unknown) => replies.push(parseOpenPhotoReply(m)!)
};

beforeAll(async () => {
	Object.assign(globalThis, { self: scope });
	await import('./open-photo.worker');
});
afterAll(() => {
	delete (globalThis as { self?: unknown }).self;
});

const DROP = 'P'.repeat(22);
const photoBytes = fixtureBytes('DSCN0010.jpg');
const size = sniffImage(photoBytes)!.size!;
const claimed = { mime: 'image/jpeg', width: size.width, height: size.height } as const;

function sealed(): { key: Uint8Array<ArrayBuffer>; copy: SealedCopy; chunks: Uint8Array<ArrayBuffer>[] } {
	const key = newDropKey() as Uint8Array<ArrayBuffer>;
	const copy = describeCopy(DROP, photoBytes.length, 'xchacha20poly1305');
	const chunks = Array.from(
		{ length: copy.chunks },
		(_, i) => sealXChaChaChunk(key, copy, photoBytes, i) as Uint8Array<ArrayBuffer>
	);
	return { key, copy, chunks };
}

async function ask(request: Record<string, unknown>): Promise<OpenPhotoReply> {
	const before = replies.length;
	deliver!({ data: request });
	await expect.poll(() => replies.length).toBe(before + 1);
	return replies.at(-1)!;
}

const zeroed = (b: Uint8Array) => b.every((x) => x === 0);

describe('the photo-opening worker', () => {
	it('says it is ready once loaded', () => {
		expect(replies[0]).toEqual({ kind: 'ready' });
	});

	it('opens an AES-256-GCM copy too, natively, and zeroes the key and every chunk', async () => {
		const key = newDropKey() as Uint8Array<ArrayBuffer>;
		const copy = describeCopy(DROP, photoBytes.length, 'aes-256-gcm');
		const chunks = Array.from(
			{ length: copy.chunks },
			(_, i) => sealChunk(gcm, key, copy, photoBytes, i) as Uint8Array<ArrayBuffer>
		);
		const reply = await ask({ id: 11, key, copy, chunks, photo: claimed });
		expect(reply.kind === 'plain' && Buffer.from(reply.plain).equals(Buffer.from(photoBytes))).toBe(true);
		expect(zeroed(key)).toBe(true);
		expect(chunks.every(zeroed)).toBe(true);
	});

	it('opens a granted copy, checks it, and zeroes the key and every chunk', async () => {
		const { key, copy, chunks } = sealed();
		const reply = await ask({ id: 1, key, copy, chunks, photo: claimed });
		// Without createImageBitmap in this scope the checked bytes come back for the page to decode.
		expect(reply.kind).toBe('plain');
		expect(reply.kind === 'plain' && Buffer.from(reply.plain).equals(Buffer.from(photoBytes))).toBe(true);
		expect(zeroed(key)).toBe(true);
		expect(chunks.every(zeroed)).toBe(true);
	});

	it('gives bad-seal for a wrong key, and keeps nothing', async () => {
		const { copy, chunks } = sealed();
		const wrong = newDropKey() as Uint8Array<ArrayBuffer>;
		const reply = await ask({ id: 2, key: wrong, copy, chunks, photo: claimed });
		expect(reply).toEqual({ id: 2, kind: 'problem', problem: 'bad-seal' });
		expect(zeroed(wrong)).toBe(true);
		expect(chunks.every(zeroed)).toBe(true);
	});

	it('refuses bytes that are not what the header claimed', async () => {
		const { key, copy, chunks } = sealed();
		const photo = { ...claimed, width: claimed.width + 1 };
		const reply = await ask({ id: 3, key, copy, chunks, photo });
		expect(reply).toEqual({ id: 3, kind: 'problem', problem: 'size-mismatch' });
		expect(chunks.every(zeroed)).toBe(true);
	});

	it('answers a request that does not parse, and zeroes what it brought', async () => {
		const { key, copy, chunks } = sealed();
		const short = key.subarray(1);
		const reply = await ask({ id: 4, key: short, copy, chunks, photo: claimed });
		expect(reply).toEqual({ id: 4, kind: 'undecodable' });
		expect(zeroed(short)).toBe(true);
		expect(chunks.every(zeroed)).toBe(true);
	});
});
