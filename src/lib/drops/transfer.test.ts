import { describe, expect, it } from 'vitest';
import { PLAIN_CHUNK_BYTES, describeCopy, newDropKey, sealChunk, sealedSize } from '../crypto/drop-sealing';
import { loadJsAead, openSealed } from '../crypto/open-sealed';
import { copySealer } from '../crypto/seal-copy';
import { DropAssembler } from './drop-assembler';
import { ChannelWriter, bytesSource, type ChunkSource } from './channel-writer';
import { CHUNK_EDGE_SIZES } from '../../../tests/support/chunk-sizes';
import { FakeChannel } from '../../../tests/support/fake-channel';
import { header, sealedDrop, type SealedTestDrop } from '../../../tests/support/room-scenarios';
import {
	CHUNK_BYTES,
	DROP_CIPHERS,
	MAX_DROP_BYTES,
	decodeChunk,
	encodeChunk,
	parsePeerMessage,
	type PeerMessage
} from '../protocol/peer-messages';

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
	return out;
}

/** A sealed drop's chunks as the writer takes them, and its drop-end after the last. */
function sourceOf(drop: SealedTestDrop): ChunkSource {
	return {
		count: drop.chunks.length,
		fill: (i, into) => {
			into.set(drop.chunks[i]!);
			return drop.chunks[i]!.length;
		},
		end: () => ({ t: 'drop-end', id: drop.header.id, stream: drop.header.stream, sha256: drop.sha256 })
	};
}

function start(sent: (string | Uint8Array)[]): DropAssembler {
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
	it('accepts a valid header and refuses lies and garbage', async () => {
		const h = await header(randomBytes(10));
		expect(parsePeerMessage(JSON.stringify(h))).toEqual(h);
		expect(parsePeerMessage(JSON.stringify({ ...h, size: 0 }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, size: -1 }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, mime: 'text/html' }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ ...h, salt: 'zz' }))).toBeNull();
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

	it('a granted view carries a key, a refused one none', () => {
		const id = 'A'.repeat(22);
		const key = 'K'.repeat(43);
		expect(parsePeerMessage(JSON.stringify({ t: 'view-answer', id, granted: true, key }))).toEqual({
			t: 'view-answer',
			id,
			granted: true,
			key
		});
		expect(parsePeerMessage(JSON.stringify({ t: 'view-answer', id, granted: true }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ t: 'view-answer', id, granted: false }))).toEqual({
			t: 'view-answer',
			id,
			granted: false
		});
		expect(parsePeerMessage(JSON.stringify({ t: 'key', id, key: 'short' }))).toBeNull();
		expect(parsePeerMessage(JSON.stringify({ t: 'drop-end', id, stream: 1, sha256: 'x' }))).toBeNull();
	});
});

describe('send and reassemble a sealed copy', () => {
	for (const [size, cipher] of CHUNK_EDGE_SIZES.flatMap((n) => DROP_CIPHERS.map((c) => [n, c] as const))) {
		it(`moves ${size} bytes intact, and only the key opens them (${cipher})`, async () => {
			const plain = randomBytes(size);
			const drop = await sealedDrop(plain, { cipher });
			const ch = new FakeChannel();
			await new ChannelWriter(ch).sendDrop({
				header: drop.header,
				stream: 1,
				source: sourceOf(drop),
				onProgress: () => {}
			});
			expect(ch.sent.length).toBe(2 + drop.chunks.length);
			const incoming = start(ch.sent);
			for (const frame of ch.sent.slice(1, -1)) {
				const chunk = decodeChunk((frame as Uint8Array).slice().buffer);
				expect(chunk?.payload.length).toBeLessThanOrEqual(CHUNK_BYTES);
				incoming.accept(chunk!.payload);
			}
			expect(incoming.allIn).toBe(true);
			const end = parsePeerMessage(ch.sent.at(-1) as string) as Extract<PeerMessage, { t: 'drop-end' }>;
			const verified = await incoming.finish(end.sha256);
			expect(verified.kind).toBe('complete');
			if (verified.kind === 'complete')
				expect(await openSealed(drop.key, verified.copy, verified.chunks)).toEqual(plain);
		});
	}

	it('accepts the largest sealed size within the cap and refuses the next before taking memory', async () => {
		const h = await header(new Uint8Array(1));
		let plain = MAX_DROP_BYTES - 12_300;
		while (sealedSize(plain + 1) <= MAX_DROP_BYTES) plain++;
		expect(DropAssembler.start({ ...h, size: sealedSize(plain) })).toBeInstanceOf(DropAssembler);
		expect(DropAssembler.start({ ...h, size: sealedSize(plain + 1) })).toEqual({ problem: 'too-big' });
		// A size no sealed copy has is a broken promise too.
		expect(DropAssembler.start({ ...h, size: CHUNK_BYTES + 10 })).toEqual({ problem: 'bad-size' });
	});

	it('refuses more bytes than the header announced, and wipes what came', async () => {
		const incoming = DropAssembler.start(await header(new Uint8Array(50))) as DropAssembler;
		expect(incoming.accept(randomBytes(100))).toEqual({ kind: 'error', problem: 'overflow' });
	});

	it('refuses a wrong digest and never hands out the bytes', async () => {
		const drop = await sealedDrop(randomBytes(1000));
		const incoming = DropAssembler.start(drop.header) as DropAssembler;
		expect(incoming.accept(drop.chunks[0]!)).toEqual({ kind: 'all-in' });
		expect(await incoming.finish('0'.repeat(64))).toEqual({ kind: 'error', problem: 'hash-mismatch' });
	});

	it('refuses a drop-end before the last byte', async () => {
		const drop = await sealedDrop(randomBytes(PLAIN_CHUNK_BYTES + 5));
		const incoming = DropAssembler.start(drop.header) as DropAssembler;
		incoming.accept(drop.chunks[0]!);
		expect(await incoming.finish(drop.sha256)).toEqual({ kind: 'error', problem: 'early-end' });
	});

	it('a drop wiped while its digest is checked is never handed out', async () => {
		const drop = await sealedDrop(randomBytes(1000));
		const incoming = DropAssembler.start(drop.header) as DropAssembler;
		incoming.accept(drop.chunks[0]!);
		const verified = incoming.finish(drop.sha256);
		incoming.wipe();
		expect(await verified).toEqual({ kind: 'error', problem: 'wiped' });
	});
});

describe('the writer', () => {
	/** 40 chunks on their way to a fake channel, under a high-water mark of 4. */
	async function writing(): Promise<{ ch: FakeChannel; done: Promise<void> }> {
		const bytes = randomBytes(40 * CHUNK_BYTES);
		const ch = new FakeChannel();
		const writer = new ChannelWriter(ch, { highWaterMark: 4 * CHUNK_BYTES, lowWaterMark: CHUNK_BYTES });
		const h = await header(bytes);
		const done = writer.sendDrop({ header: h, stream: 1, source: bytesSource(bytes), onProgress: () => {} });
		return { ch, done };
	}

	it('keeps the channel buffer under the high-water mark', async () => {
		const { ch, done } = await writing();
		for (let i = 0; i < 20; i++) {
			await new Promise((r) => setTimeout(r, 0));
			ch.drain();
		}
		await done;
		expect(ch.maxBuffered).toBeLessThanOrEqual(5 * CHUNK_BYTES + 4 + 1000);
		expect(ch.sent.length).toBe(41);
	});

	it('waits for a source that seals asynchronously, and sends its chunks in order, under the mark', async () => {
		const plain = randomBytes(8 * PLAIN_CHUNK_BYTES + 7);
		const copy = describeCopy('W'.repeat(22), plain.length, 'aes-256-gcm');
		const h = { ...(await header(new Uint8Array(1))), size: copy.size, cipher: copy.cipher };
		const key = newDropKey();
		const seal = await copySealer(key, copy, plain);
		const js = await loadJsAead('aes-256-gcm');
		const ch = new FakeChannel();
		const writer = new ChannelWriter(ch, { highWaterMark: 2 * CHUNK_BYTES, lowWaterMark: CHUNK_BYTES });
		const source: ChunkSource = { count: copy.chunks, fill: seal };
		const done = writer.sendDrop({ header: h, stream: 1, source, onProgress: () => {} });
		while (ch.sent.length < copy.chunks + 1) {
			await new Promise((r) => setTimeout(r, 0));
			ch.drain();
		}
		await done;
		expect(ch.maxBuffered).toBeLessThanOrEqual(3 * CHUNK_BYTES + 4 + 1000);
		// Compared as hex: a deep equality over this many elements is slow.
		const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
		const sent = ch.sent.slice(1).map((f) => hex(decodeChunk((f as Uint8Array).slice().buffer)!.payload));
		const expected = Array.from({ length: copy.chunks }, (_, i) => hex(sealChunk(js, key, copy, plain, i)));
		expect(sent).toEqual(expected);
	});

	it('rejects when the channel closes mid-transfer', async () => {
		const { ch, done } = await writing();
		await new Promise((r) => setTimeout(r, 0));
		ch.close();
		await expect(done).rejects.toThrow('closed');
	});
});
