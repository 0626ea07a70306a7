import { describe, expect, it } from 'vitest';
import { FrameThrottle } from './frame-throttle';

describe('FrameThrottle', () => {
	it('hands on only the latest value, once per frame', () => {
		const frames: (() => void)[] = [];
		const seen: number[] = [];
		const t = new FrameThrottle<number>(
			(v) => seen.push(v),
			(fn) => frames.push(fn)
		);
		for (let pct = 1; pct <= 30; pct++) t.set(pct);
		expect(frames).toHaveLength(1);
		expect(seen).toEqual([]);
		frames.shift()!();
		expect(seen).toEqual([30]);
		t.set(31);
		t.set(32);
		frames.shift()!();
		expect(seen).toEqual([30, 32]);
		expect(frames).toHaveLength(0);
	});

	it('applies at once where there are no frames', () => {
		const seen: number[] = [];
		const t = new FrameThrottle<number>((v) => seen.push(v));
		t.set(1);
		t.set(2);
		expect(seen).toEqual([1, 2]);
	});
});
