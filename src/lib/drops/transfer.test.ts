import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomToken } from '../crypto/base64url';
import { DropAssembler } from './drop-assembler';
import { ChannelWriter } from './channel-writer';
import { FakeChannel } from '../../../tests/support/fake-channel';
import {
	CHUNK_BYTES,
	MAX_DROP_BYTES,
	decodeChunk,
	encodeChunk,
	parsePeerMessage,
	type DropHeader
} from '../protocol/peer-messages';

function header(bytes: Uint8Array, size = bytes.length): DropHeader {
	return {
		t: 'drop',
		id: randomToken(16),
		stream: 1,
		mime: 'image/jpeg',
		size,
		sha256: bytesToHex(sha256(bytes)),
		width: 10,
		height: 10,
		options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600_000, caption: '' }
	};
}

function randomBytes(n: number): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
	return out;
}

function reassemble(sent: (string | Uint8Array)[]): DropAssembler {
	const h = parsePeerMessage(sent[0] as string);
	if (h?.t !== 'drop') throw new Error('no header');
	const incoming = DropAssembler.start(h);
	if (!(incoming instanceof DropAssembler)) throw new Error('refused');
	return incoming;
}

describe('chunk framing', () => {
	it('round-trips the stream number and payload at the boundaries', () => {
		for (const n of [1, CHUNK_BYTES - 1, CHUNK_BYTES]) {
			const payload = randomBytes(n);
			const frame = encodeChunk(0xfffffffe, payload);
			const decoded = decodeChunk(frame.slice().buffer);
			expect(decoded?.stream).toBe(0xfffffffe);
			expect(decoded?.payload).toEqual(payload);
		}
	});
	it('refuses empty and oversized chunks', () => {
		expect(() => encodeChunk(1, new Uint8Array(CHUNK_BYTES + 1))).toThrow();
		expect(decodeChunk(new ArrayBuffer(4))).toBeNull();
		expect(decodeChunk(new ArrayBuffer(3))).toBeNull();
		expect(decodeChunk(new ArrayBuffer(4 + CHUNK_BYTES + 1))).toBeNull();
	});
});

describe('peer message parser', () => {
	it('accepts a valid header and refuses lies and garbage', () => {
		const h = header(randomBytes(10));
		expect(parsePeerMessage(JSON.stringify(h))).toEqual(h);
		expect(parsePeerMessage(JSON.stringify({ ...h, size: 0 }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, size: -1 }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, mime: 'text/html' }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, sha256: 'zz' }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, id: '../../x' }))).toBeNull();
		expect(parsePeerMessage('{"t":"drop"')).toBeNull();
		expect(parsePeerMessage('null')).toBeNull();
		expect(parsePeerMessage('x'.repeat(5000))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ t: 'receipt', id: h.id, status: 'viewed', at: 1 }))).toEqual({
			t: 'receipt',
			id: h.id,
			status: 'viewed',
			at: 1
		});
		expect(parsePeerMessage(JSON.stringify({ t: 'receipt', id: h.id, status: 'owned', at: 1 }))).toBeNull();
	});
});

describe('send and reassemble', () => {
	for (const size of [1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17]) {
		it(`moves ${size} bytes intact`, async () => {
			const bytes = randomBytes(size);
			const ch = new FakeChannel();
			const writer = new ChannelWriter(ch);
			await writer.sendDrop({ header: header(bytes), stream: 1, bytes, onProgress: () => undefined });
			expect(ch.sent.length).toBe(1 + Math.ceil(size / CHUNK_BYTES));
			const incoming = reassemble(ch.sent);
			let last;
			for (const frame of ch.sent.slice(1)) {
				const chunk = decodeChunk((frame as Uint8Array).slice().buffer);
				expect(chunk?.payload.length).toBeLessThanOrEqual(CHUNK_BYTES);
				last = incoming.accept(chunk!.payload);
			}
			expect(last?.kind).toBe('verifying');
			const verified = last?.kind === 'verifying' ? await last.verified : null;
			expect(verified?.kind).toBe('complete');
			if (verified?.kind === 'complete') expect(verified.bytes).toEqual(bytes);
		});
	}

	it('accepts exactly the cap and refuses the cap + 1 before reserving memory', () => {
		const h = header(new Uint8Array(1));
		expect(DropAssembler.start({ ...h, size: MAX_DROP_BYTES })).toBeInstanceOf(DropAssembler);
		expect(DropAssembler.start({ ...h, size: MAX_DROP_BYTES + 1 })).toEqual({ problem: 'too-big' });
	});

	it('refuses more bytes than the header announced, and wipes what came', () => {
		const bytes = randomBytes(100);
		const incoming = DropAssembler.start(header(bytes, 50)) as DropAssembler;
		expect(incoming.accept(bytes)).toEqual({ kind: 'error', problem: 'overflow' });
	});

	it('refuses a wrong hash and never hands out the bytes', async () => {
		const bytes = randomBytes(1000);
		const h = header(randomBytes(1000));
		const incoming = DropAssembler.start(h) as DropAssembler;
		const result = incoming.accept(bytes);
		expect(result.kind).toBe('verifying');
		if (result.kind === 'verifying') {
			expect(await result.verified).toEqual({ kind: 'error', problem: 'hash-mismatch' });
		}
	});

	it('a drop wiped while its hash is checked is never handed out', async () => {
		const bytes = randomBytes(1000);
		const incoming = DropAssembler.start(header(bytes)) as DropAssembler;
		const result = incoming.accept(bytes);
		incoming.wipe();
		expect(result.kind === 'verifying' && (await result.verified)).toEqual({
			kind: 'error',
			problem: 'wiped'
		});
	});

	it('keeps the channel buffer under the high-water mark', async () => {
		const bytes = randomBytes(40 * CHUNK_BYTES);
		const ch = new FakeChannel();
		const writer = new ChannelWriter(ch, { highWaterMark: 4 * CHUNK_BYTES, lowWaterMark: CHUNK_BYTES });
		const done = writer.sendDrop({ header: header(bytes), stream: 1, bytes, onProgress: () => undefined });
		for (let i = 0; i < 20; i++) {
			await new Promise((r) => setTimeout(r, 0));
			ch.drain();
		}
		await done;
		expect(ch.maxBuffered).toBeLessThanOrEqual(5 * CHUNK_BYTES + 4 + 1000);
		expect(ch.sent.length).toBe(41);
	});

	it('rejects when the channel closes mid-transfer', async () => {
		const bytes = randomBytes(40 * CHUNK_BYTES);
		const ch = new FakeChannel();
		const writer = new ChannelWriter(ch, { highWaterMark: 4 * CHUNK_BYTES, lowWaterMark: CHUNK_BYTES });
		const done = writer.sendDrop({ header: header(bytes), stream: 1, bytes, onProgress: () => undefined });
		await new Promise((r) => setTimeout(r, 0));
		ch.close();
		await expect(done).rejects.toThrow('closed');
	});
});
