import { describe, expect, it } from 'vitest';
import type { SafetyMessage } from '../protocol/peer-messages';
import { randomToken, toBase64Url } from './base64url';
import { generateRoomSecret, privateRoomKeys } from './room-keys';
import { safetyCodeKey, type DtlsFingerprints, type SafetyContext } from './safety-code';
import { SafetyExchange, type SafetyOutcome } from './safety-exchange';

const key = safetyCodeKey(privateRoomKeys(generateRoomSecret()));
const roomId = randomToken(16);
const ALICE = randomToken(16);
const BOB = randomToken(16);
const FP = {
	alice: 'sha-256 AA:11:22',
	bob: 'sha-256 BB:33:44',
	mallory1: 'sha-256 CC:55:66',
	mallory2: 'sha-256 DD:77:88'
};
const nonce = (n: number) => new Uint8Array(32).fill(n);

/** One side of one DTLS connection: what it sends is recorded, nothing is delivered by itself. */
function side(self: string, peer: string, nonceByte?: number, ctx: Partial<SafetyContext> = {}) {
	const sent: SafetyMessage[] = [];
	const context: SafetyContext = { key, roomId, selfId: self, peerId: peer, ...ctx };
	const exchange = new SafetyExchange(context, (m) => sent.push(m), nonceByte ? nonce(nonceByte) : undefined);
	return { exchange, sent };
}

type Side = ReturnType<typeof side>;

/** Delivers everything `from` has sent so far (and not yet delivered) to `to`. */
function deliver(from: Side, to: Side, delivered = new Map<Side, number>()): SafetyOutcome | null {
	let outcome: SafetyOutcome | null = null;
	const start = delivered.get(from) ?? 0;
	for (const m of from.sent.slice(start)) outcome = to.exchange.receive(m) ?? outcome;
	delivered.set(from, from.sent.length);
	return outcome;
}

/** Two honest ends of one connection, run to the end; returns both outcomes. */
function honestPair(aliceNonce?: number, bobNonce?: number, fps = { alice: FP.alice, bob: FP.bob }) {
	const a = side(ALICE, BOB, aliceNonce);
	const b = side(BOB, ALICE, bobNonce);
	a.exchange.start({ local: fps.alice, remote: fps.bob }, 'Someone');
	b.exchange.start({ local: fps.bob, remote: fps.alice }, 'Someone');
	const seen = new Map<Side, number>();
	deliver(a, b, seen);
	deliver(b, a, seen);
	deliver(a, b, seen);
	deliver(b, a, seen);
	return { a: a.exchange.outcome, b: b.exchange.outcome };
}

const code = (o: SafetyOutcome | null) => (o?.ok ? o.code : null);

describe('safety exchange: commit, then reveal', () => {
	it('gives both honest ends the same 6-digit code', () => {
		const { a, b } = honestPair();
		expect(code(a)).toMatch(/^\d{3} \d{3}$/);
		expect(code(b)).toBe(code(a));
	});

	it('reveals only once it has the other side’s commit', () => {
		const a = side(ALICE, BOB);
		const b = side(BOB, ALICE);
		a.exchange.start({ local: FP.alice, remote: FP.bob }, 'Someone');
		expect(a.sent.map((m) => m.t)).toEqual(['safety-commit']);
		b.exchange.start({ local: FP.bob, remote: FP.alice }, 'Someone');
		deliver(b, a);
		expect(a.sent.map((m) => m.t)).toEqual(['safety-commit', 'safety-reveal']);
	});

	it('waits for its own fingerprints before it reveals, even when the other commit came first', () => {
		const a = side(ALICE, BOB);
		const b = side(BOB, ALICE);
		b.exchange.start({ local: FP.bob, remote: FP.alice }, 'Someone');
		deliver(b, a);
		expect(a.sent).toEqual([]);
		a.exchange.start({ local: FP.alice, remote: FP.bob }, 'Someone');
		expect(a.sent.map((m) => m.t)).toEqual(['safety-commit', 'safety-reveal']);
	});

	it('refuses a reveal that comes before the revealing side’s commit', () => {
		const a = side(ALICE, BOB);
		a.exchange.start({ local: FP.alice, remote: FP.bob }, 'Someone');
		expect(a.exchange.receive({ t: 'safety-reveal', nonce: toBase64Url(nonce(9)), name: 'Someone' })).toEqual(
			{
				ok: false,
				failure: 'out-of-turn'
			}
		);
		expect(a.sent.map((m) => m.t)).toEqual(['safety-commit']);
	});

	it('refuses a reveal from a side that cannot have had this side’s commit yet', () => {
		const a = side(ALICE, BOB);
		const b = side(BOB, ALICE, 5);
		b.exchange.start({ local: FP.bob, remote: FP.alice }, 'Someone');
		// Bob "reveals" at once, before any commit of Alice's existed.
		const early: SafetyMessage = { t: 'safety-reveal', nonce: toBase64Url(nonce(5)), name: 'Someone' };
		deliver(b, a);
		expect(a.exchange.receive(early)).toEqual({ ok: false, failure: 'out-of-turn' });
		expect(a.sent).toEqual([]);
	});

	it('refuses a reveal that does not match its commit', () => {
		const a = side(ALICE, BOB);
		const b = side(BOB, ALICE, 5);
		a.exchange.start({ local: FP.alice, remote: FP.bob }, 'Someone');
		b.exchange.start({ local: FP.bob, remote: FP.alice }, 'Someone');
		deliver(b, a);
		expect(a.exchange.receive({ t: 'safety-reveal', nonce: toBase64Url(nonce(6)), name: 'Someone' })).toEqual(
			{
				ok: false,
				failure: 'bad-reveal'
			}
		);
		expect(code(a.exchange.outcome)).toBeNull();
	});

	it('refuses a commit made for another certificate than the one this side sees', () => {
		const a = side(ALICE, BOB);
		const b = side(BOB, ALICE);
		a.exchange.start({ local: FP.alice, remote: FP.mallory1 }, 'Someone');
		b.exchange.start({ local: FP.bob, remote: FP.alice }, 'Someone');
		deliver(a, b);
		expect(deliver(b, a)).toEqual({ ok: false, failure: 'bad-reveal' });
	});

	it('refuses a second commit, and fails without fingerprints', () => {
		const a = side(ALICE, BOB);
		a.exchange.start({ local: FP.alice, remote: FP.bob }, 'Someone');
		const commit: SafetyMessage = { t: 'safety-commit', commit: toBase64Url(new Uint8Array(32)) };
		expect(a.exchange.receive(commit)).toBeNull();
		expect(a.exchange.receive(commit)).toEqual({ ok: false, failure: 'out-of-turn' });
		expect(side(ALICE, BOB).exchange.start(null, 'Someone')).toEqual({
			ok: false,
			failure: 'no-fingerprints'
		});
	});

	it('gives a code that changes with either nonce and either fingerprint', () => {
		const base = code(honestPair(1, 2).a);
		expect(code(honestPair(1, 2).a)).toBe(base);
		expect(code(honestPair(3, 2).a)).not.toBe(base);
		expect(code(honestPair(1, 3).a)).not.toBe(base);
		expect(code(honestPair(1, 2, { alice: FP.mallory1, bob: FP.bob }).a)).not.toBe(base);
		expect(code(honestPair(1, 2, { alice: FP.alice, bob: FP.mallory2 }).a)).not.toBe(base);
	});
});

describe('safety exchange: a man in the middle', () => {
	/** Alice's connection ends at Mallory (certificate 1), Bob's at Mallory too (certificate 2). */
	function twoLegs() {
		const alice = side(ALICE, BOB);
		const bob = side(BOB, ALICE);
		alice.exchange.start({ local: FP.alice, remote: FP.mallory1 }, 'Someone');
		bob.exchange.start({ local: FP.bob, remote: FP.mallory2 }, 'Someone');
		return { alice, bob };
	}

	it('who relays every message unchanged fails both checks', () => {
		const { alice, bob } = twoLegs();
		const seen = new Map<Side, number>();
		deliver(alice, bob, seen);
		deliver(bob, alice, seen);
		deliver(alice, bob, seen);
		deliver(bob, alice, seen);
		expect(alice.exchange.outcome).toEqual({ ok: false, failure: 'bad-reveal' });
		expect(bob.exchange.outcome).toEqual({ ok: false, failure: 'bad-reveal' });
	});

	it('who runs an honest exchange on each leg leaves two different codes', () => {
		for (let i = 0; i < 20; i++) {
			const { alice, bob } = twoLegs();
			// Mallory finishes Bob's leg first, so she knows his code before she commits to Alice.
			const toBob = side(ALICE, BOB);
			toBob.exchange.start({ local: FP.mallory2, remote: FP.bob }, 'Mallory');
			const bobLeg = new Map<Side, number>();
			for (let r = 0; r < 2; r++) {
				deliver(toBob, bob, bobLeg);
				deliver(bob, toBob, bobLeg);
			}
			const toAlice = side(BOB, ALICE);
			toAlice.exchange.start({ local: FP.mallory1, remote: FP.alice }, 'Mallory');
			const aliceLeg = new Map<Side, number>();
			for (let r = 0; r < 2; r++) {
				deliver(toAlice, alice, aliceLeg);
				deliver(alice, toAlice, aliceLeg);
			}
			expect(code(alice.exchange.outcome)).toMatch(/^\d{3} \d{3}$/);
			expect(code(bob.exchange.outcome)).toMatch(/^\d{3} \d{3}$/);
			expect(code(alice.exchange.outcome)).not.toBe(code(bob.exchange.outcome));
		}
	});

	it('gets another code in another room, or under another room key', () => {
		const inRoom = (ctx: Partial<SafetyContext>) => {
			const a = side(ALICE, BOB, 1, ctx);
			const b = side(BOB, ALICE, 2, ctx);
			const fps: DtlsFingerprints = { local: FP.alice, remote: FP.bob };
			a.exchange.start(fps, 'Someone');
			b.exchange.start({ local: fps.remote, remote: fps.local }, 'Someone');
			const seen = new Map<Side, number>();
			for (let r = 0; r < 2; r++) {
				deliver(a, b, seen);
				deliver(b, a, seen);
			}
			return code(a.exchange.outcome);
		};
		const here = inRoom({});
		expect(here).toMatch(/^\d{3} \d{3}$/);
		expect(inRoom({ roomId: randomToken(16) })).not.toBe(here);
		expect(inRoom({ key: safetyCodeKey(privateRoomKeys(generateRoomSecret())) })).not.toBe(here);
	});
});
