import { describe, expect, it } from 'vitest';
import { layOutInNewBuffer, layOutInPlace, type ClipWrite } from './in-place-layout';

/** A file of `n` bytes, none zero, so that a zeroed byte shows. */
function file(n: number): Uint8Array<ArrayBuffer> {
	return Uint8Array.from({ length: n }, (_, i) => 1 + (i % 251));
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

/**
 * A muxer's writes: the file's pieces (views) shuffled into a new order after a header, with a
 * few small boxes of its own (copies) between them, and a header patched last.
 */
function muxed(whole: Uint8Array<ArrayBuffer>, seed: number): { writes: ClipWrite[]; size: number } {
	const next = random(seed);
	const pieces: Uint8Array[] = [];
	for (let at = 16; at < whole.length - 64;) {
		const n = Math.min(1 + Math.floor(next() * 200), whole.length - 64 - at);
		pieces.push(whole.subarray(at, at + n));
		at += n + (next() < 0.2 ? Math.floor(next() * 20) : 0);
	}
	for (let i = pieces.length - 1; i > 0; i--) {
		if (next() < 0.3) continue;
		const j = Math.floor(next() * (i + 1));
		[pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
	}
	const writes: ClipWrite[] = [];
	const header = Math.floor(next() * 40);
	let pos = header;
	writes.push({ pos: 0, data: new Uint8Array(header).fill(0xee) });
	for (const p of pieces) {
		if (next() < 0.1) {
			const box = new Uint8Array(1 + Math.floor(next() * 8)).fill(0xbb);
			writes.push({ pos, data: box });
			pos += box.length + (next() < 0.1 ? 3 : 0);
		}
		writes.push({ pos, data: p });
		pos += p.length;
	}
	if (header >= 4) writes.push({ pos: 0, data: new Uint8Array([7, 7, 7, 7]) });
	return { writes, size: pos };
}

describe('layOutInPlace', () => {
	it('lays out what a replay into a new buffer would, in the file buffer, zero past the clip', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const whole = file(200 + (seed % 7) * 300);
			const { writes, size } = muxed(whole, seed);
			const expected = layOutInNewBuffer(writes, size);
			const out = layOutInPlace(whole, writes, size);
			if (size > whole.length) {
				expect(out, `seed ${seed}`).toBeNull();
				continue;
			}
			expect(out, `seed ${seed}`).not.toBeNull();
			expect(out!.buffer).toBe(whole.buffer);
			expect([...out!], `seed ${seed}`).toEqual([...expected]);
			expect(whole.subarray(size).every((b) => b === 0)).toBe(true);
		}
	});

	it('moves every piece toward the end, or every piece toward the start, without a copy aside', () => {
		const whole = file(1000);
		const ahead = [0, 1, 2, 3].map((i) => ({
			pos: 100 + i * 200,
			data: whole.subarray(i * 200, i * 200 + 200)
		}));
		const expected = layOutInNewBuffer(ahead, 900);
		expect([...layOutInPlace(whole, ahead, 900)!]).toEqual([...expected]);
		const again = file(1000);
		const back = [0, 1, 2].map((i) => ({ pos: i * 300, data: again.subarray(100 + i * 300, 400 + i * 300) }));
		const expectedBack = layOutInNewBuffer(back, 900);
		expect([...layOutInPlace(again, back, 900)!]).toEqual([...expectedBack]);
		expect(again.subarray(900).every((b) => b === 0)).toBe(true);
	});

	it('zeroes a gap no write covered, so that none of the file stays in the clip', () => {
		const whole = file(100);
		const writes = [
			{ pos: 0, data: whole.subarray(50, 60) },
			{ pos: 20, data: whole.subarray(0, 10) }
		];
		const out = layOutInPlace(whole, writes, 30)!;
		expect([...out.subarray(10, 20)]).toEqual(new Array(10).fill(0));
		expect([...out.subarray(0, 10)]).toEqual([...file(100).subarray(50, 60)]);
	});

	it('refuses (leaving the file as it was) a clip bigger than the file, or writes that overlap a view', () => {
		const whole = file(100);
		const before = [...whole];
		expect(layOutInPlace(whole, [{ pos: 0, data: whole.subarray(0, 100) }], 101)).toBeNull();
		const overlapped = [
			{ pos: 0, data: whole.subarray(10, 50) },
			{ pos: 20, data: new Uint8Array([1, 2]) }
		];
		expect(layOutInPlace(whole, overlapped, 40)).toBeNull();
		const twoViews = [
			{ pos: 0, data: whole.subarray(0, 30) },
			{ pos: 20, data: whole.subarray(50, 60) }
		];
		expect(layOutInPlace(whole, twoViews, 30)).toBeNull();
		expect([...whole]).toEqual(before);
	});
});
