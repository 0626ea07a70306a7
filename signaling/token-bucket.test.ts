import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

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
