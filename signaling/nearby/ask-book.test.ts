import { describe, expect, it } from 'vitest';
import { AskBook } from './ask-book';

function book() {
	let now = 0;
	const asks = new AskBook({ answerMs: 30_000, cooldownMs: 5000, maxOpenPerAsker: 3, now: () => now });
	return { asks, advance: (ms: number) => (now += ms) };
}

describe('AskBook', () => {
	it('the same asker cannot ask the same device again within the cooldown, answered or not', () => {
		const { asks, advance } = book();
		expect(asks.ask('a', 'b')).toBe('ok');
		expect(asks.ask('a', 'b')).toBe('too-soon');
		asks.asked('a', 'b');
		expect(asks.takeIncoming('a', 'b')).toBe(true);
		expect(asks.takeOutgoing('a', 'b')).toBe(true);
		advance(4999);
		expect(asks.ask('a', 'b')).toBe('too-soon');
		advance(1);
		expect(asks.ask('a', 'b')).toBe('ok');
		// Another asker is not held back.
		expect(asks.ask('c', 'b')).toBe('ok');
	});

	it('an answer counts only once, only if asked, and only within 30 s', () => {
		const { asks, advance } = book();
		expect(asks.takeIncoming('a', 'b')).toBe(false);
		asks.ask('a', 'b');
		asks.asked('a', 'b');
		expect(asks.takeIncoming('a', 'b')).toBe(true);
		expect(asks.takeIncoming('a', 'b')).toBe(false);
		expect(asks.takeOutgoing('a', 'b')).toBe(true);
		expect(asks.takeOutgoing('a', 'b')).toBe(false);
		advance(10_000);
		asks.ask('a', 'b');
		asks.asked('a', 'b');
		advance(30_000);
		expect(asks.takeIncoming('a', 'b')).toBe(false);
		expect(asks.takeOutgoing('a', 'b')).toBe(false);
	});

	it('caps the asks waiting at once, and forgets a device that left', () => {
		const { asks } = book();
		for (const to of ['b', 'c', 'd']) expect(asks.ask('a', to)).toBe('ok');
		expect(asks.ask('a', 'e')).toBe('too-soon');
		asks.forget('a');
		expect(asks.size).toBe(0);
		expect(asks.ask('a', 'e')).toBe('ok');
	});

	it('keeps nothing once no rule needs it', () => {
		const { asks, advance } = book();
		asks.ask('a', 'b');
		asks.asked('a', 'b');
		advance(30_000);
		asks.sweep();
		expect(asks.size).toBe(0);
	});
});
