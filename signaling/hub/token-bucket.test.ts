import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
	it('allows a burst, then refills at the given rate', () => {
		let now = 0;
		const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, () => now);
		expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
		now = 499;
		expect(bucket.take()).toBe(false);
		now = 1000;
		// One second at 2/s: two tokens, whatever was asked for in between.
		expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
	});

	it('never holds more than the burst', () => {
		let now = 0;
		const bucket = new TokenBucket({ burst: 2, perSecond: 100 }, () => now);
		now = 60_000;
		expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
	});
});

describe('TokenBucket inspection', () => {
	it('answers hasToken without taking and isFull once refilled', () => {
		let now = 0;
		const bucket = new TokenBucket({ burst: 2, perSecond: 1 }, () => now);
		expect(bucket.isFull()).toBe(true);
		expect(bucket.take()).toBe(true);
		expect(bucket.isFull()).toBe(false);
		expect([bucket.hasToken(), bucket.hasToken()]).toEqual([true, true]);
		expect(bucket.take()).toBe(true);
		expect(bucket.hasToken()).toBe(false);
		now = 1000;
		expect([bucket.hasToken(), bucket.isFull()]).toEqual([true, false]);
		now = 2000;
		expect(bucket.isFull()).toBe(true);
	});
});

describe('KeyedTokenBuckets', () => {
	const limit = { burst: 2, perSecond: 1 };

	it('keeps one bucket per key', () => {
		let now = 0;
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: 100, now: () => now });
		expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, false]);
		expect(buckets.take('b')).toBe(true);
		expect([buckets.hasToken('a'), buckets.hasToken('b')]).toEqual([false, true]);
		now = 1000;
		expect([buckets.take('a'), buckets.take('a')]).toEqual([true, false]);
	});

	it('creates no bucket for hasToken of an unknown key', () => {
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: 100, now: () => 0 });
		expect(buckets.hasToken('never-seen')).toBe(true);
		expect(buckets.size).toBe(0);
	});

	it('forgets buckets that refilled, since a fresh one is the same', () => {
		let now = 0;
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: 100, now: () => now });
		for (let i = 0; i < 50; i++) buckets.take(`idle-${i}`);
		expect(buckets.size).toBe(50);
		now = 500;
		buckets.take('busy');
		// Each took one token of two: half refilled, nobody is full yet.
		expect(buckets.size).toBe(51);
		now = 1000;
		buckets.take('busy');
		expect(buckets.size).toBe(1);
	});

	it('sweep forgets every refilled bucket though nobody takes again, and keeps the others', () => {
		let now = 0;
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: 100, now: () => now });
		for (let i = 0; i < 20; i++) buckets.take(`gone-${i}`);
		now = 500;
		buckets.take('recent');
		buckets.take('recent');
		now = 1500;
		buckets.sweep();
		// The twenty refilled; `recent` (emptied at 500 ms) has one token of two back.
		expect(buckets.size).toBe(1);
		expect(buckets.hasToken('recent')).toBe(true);
		now = 2500;
		buckets.sweep();
		expect(buckets.size).toBe(0);
	});

	it('stays within maxKeys under a flood of keys, evicting the least recently used', () => {
		let now = 0;
		const buckets = new KeyedTokenBuckets(limit, { maxKeys: 10, now: () => now });
		buckets.take('kept');
		buckets.take('kept');
		for (let i = 0; i < 10_000; i++) {
			now += 0.01;
			buckets.take(`flood-${i}`);
			if (i % 5 === 0) expect(buckets.hasToken('kept')).toBe(false);
			// Using a key keeps it: 'kept' is re-used often enough never to be the oldest.
			if (i % 5 === 0) buckets.take('kept');
			expect(buckets.size).toBeLessThanOrEqual(10);
		}
		expect(buckets.hasToken('flood-0')).toBe(true);
	});
});
