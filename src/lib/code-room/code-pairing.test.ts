import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import type { PakeMessage } from '../protocol/pake-messages';
import { CodePairing, MAX_FAILED_EXCHANGES, PAIR_EXCHANGE_TIMEOUT_MS } from './code-pairing';

const A = 'A'.repeat(22);
const B = 'B'.repeat(22);

function device(self: string, words: string, clock = new FakeClock()) {
	const sent: { to: string; m: PakeMessage }[] = [];
	const failed: string[] = [];
	let exhausted = false;
	const pairing = new CodePairing({
		words,
		roomId: '7',
		selfId: () => self,
		send: (to, m) => sent.push({ to, m: m as PakeMessage }),
		clock,
		failed: (peer) => failed.push(peer),
		exhausted: () => (exhausted = true)
	});
	return { pairing, sent, failed, clock, exhausted: () => exhausted };
}

/** Delivers every message each side sent, until neither has more. */
function relay(a: ReturnType<typeof device>, b: ReturnType<typeof device>, aId: string, bId: string) {
	for (let moved = true; moved;) {
		moved = false;
		for (const [from, to, fromId] of [
			[a, b, aId],
			[b, a, bId]
		] as const) {
			for (const { m } of from.sent.splice(0)) {
				to.pairing.take(fromId, m);
				moved = true;
			}
		}
	}
}

describe('the PAKE with every peer of a code room', () => {
	it('both ends get the same key with the same words', () => {
		const a = device(A, 'amber-falcon');
		const b = device(B, 'amber-falcon');
		const keys: (Uint8Array | null)[] = [];
		b.pairing.begin(A, 'responder', (k) => keys.push(k && k.slice()));
		a.pairing.begin(B, 'initiator', (k) => keys.push(k && k.slice()));
		relay(a, b, A, B);
		expect(keys).toHaveLength(2);
		expect(keys[0]).toEqual(keys[1]);
		expect(a.failed.concat(b.failed)).toEqual([]);
	});

	it('with other words both fail, report it, and take nothing more from that peer', () => {
		const a = device(A, 'acid-zoom');
		const b = device(B, 'amber-falcon');
		const results: (Uint8Array | null)[] = [];
		b.pairing.begin(A, 'responder', (k) => results.push(k));
		a.pairing.begin(B, 'initiator', (k) => results.push(k));
		relay(a, b, A, B);
		expect(results).toEqual([null, null]);
		expect(a.failed).toEqual([B]);
		expect(b.failed).toEqual([A]);
		// Still the exchange's, so never handed to a link.
		expect(b.pairing.take(A, { pake: 'confirm', confirm: 'x'.repeat(43) })).toBe(true);
	});

	it('a responder that answered and hears nothing more counts a failed guess', () => {
		const b = device(B, 'amber-falcon');
		const a = device(A, 'acid-zoom');
		let result: Uint8Array | null | undefined;
		b.pairing.begin(A, 'responder', (k) => (result = k));
		a.pairing.begin(B, 'initiator', () => undefined);
		for (const { m } of a.sent.splice(0)) b.pairing.take(A, m);
		b.clock.advance(PAIR_EXCHANGE_TIMEOUT_MS);
		expect(result).toBeNull();
		expect(b.failed).toEqual([A]);
	});

	it(`leaves the room by itself after ${MAX_FAILED_EXCHANGES} failed exchanges`, () => {
		const b = device(B, 'amber-falcon');
		for (let i = 0; i < MAX_FAILED_EXCHANGES; i++) {
			const peer = String(i).repeat(22);
			b.pairing.begin(peer, 'responder', () => undefined);
			expect(b.exhausted()).toBe(false);
			b.pairing.take(peer, { pake: 'abort' });
		}
		expect(b.exhausted()).toBe(true);
	});
});
