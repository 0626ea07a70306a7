import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../crypto/base64url';
import { parsePakeMessage, type PakeMessage } from '../protocol/pake-messages';
import { PairInitiator, PairResponder, type PairContext } from './pair-exchange';

const ROOM = { roomId: '7', initiatorId: 'I'.repeat(22), responderId: 'R'.repeat(22) };
const TRUE_WORDS = 'amber-falcon';

type Of<T extends PakeMessage['pake']> = Extract<PakeMessage, { pake: T }>;

function as<T extends PakeMessage['pake']>(m: PakeMessage, kind: T): Of<T> {
	if (m.pake !== kind) throw new Error(`expected ${kind}, got ${m.pake}`);
	return m as Of<T>;
}

/** Random bytes that can be replayed: what an attacker knows of his own run. */
function replayable(): { random: (n: number) => Uint8Array; again: () => (n: number) => Uint8Array } {
	const drawn: Uint8Array[] = [];
	return {
		random: (n) => {
			const b = crypto.getRandomValues(new Uint8Array(n));
			drawn.push(b.slice());
			return b;
		},
		again: () => {
			const queue = drawn.map((b) => b.slice());
			return () => queue.shift()!;
		}
	};
}

function run(initiatorWords: string, responderWords: string, ctx: Omit<PairContext, 'words'> = ROOM) {
	const initiator = new PairInitiator({ ...ctx, words: initiatorWords });
	const responder = new PairResponder({ ...ctx, words: responderWords });
	const start = initiator.start();
	const answered = responder.onStart(as(start, 'start'));
	const step = initiator.onAnswer(as(answered.send, 'answer'));
	const confirmed = step.send.pake === 'confirm' ? responder.onConfirm(as(step.send, 'confirm')) : null;
	return { start, answer: answered.send, initiatorStep: step, confirmed };
}

describe('the pair exchange of a code room', () => {
	it('gives both ends the same key when both typed the same words', () => {
		const { initiatorStep, confirmed } = run(TRUE_WORDS, TRUE_WORDS);
		expect(initiatorStep.ok && confirmed?.ok).toBe(true);
		if (!initiatorStep.ok || !confirmed?.ok) return;
		expect(bytesToHex(initiatorStep.key)).toBe(bytesToHex(confirmed.key));
		expect(initiatorStep.key).toHaveLength(32);
	});

	it('fails at the initiator, which then aborts, when the words differ', () => {
		const { initiatorStep, confirmed } = run('acid-zoom', TRUE_WORDS);
		expect(initiatorStep.ok).toBe(false);
		expect(initiatorStep.send).toEqual({ pake: 'abort' });
		expect(confirmed).toBeNull();
	});

	it('fails when the room or the ids differ: the key is bound to this pair in this room', () => {
		const initiator = new PairInitiator({ ...ROOM, words: TRUE_WORDS });
		const responder = new PairResponder({ ...ROOM, roomId: '8', words: TRUE_WORDS });
		const answer = responder.onStart(as(initiator.start(), 'start')).send;
		expect(initiator.onAnswer(as(answer, 'answer')).ok).toBe(false);
	});

	it('fails when a share is changed on the way', () => {
		const initiator = new PairInitiator({ ...ROOM, words: TRUE_WORDS });
		const responder = new PairResponder({ ...ROOM, words: TRUE_WORDS });
		const start = as(initiator.start(), 'start');
		const other = new PairInitiator({ ...ROOM, words: TRUE_WORDS }).start();
		const answer = responder.onStart({ ...start, share: as(other, 'start').share }).send;
		expect(initiator.onAnswer(as(answer, 'answer')).ok).toBe(false);
	});

	it('a responder answers one start only, and takes a confirmation only for it', () => {
		const responder = new PairResponder({ ...ROOM, words: TRUE_WORDS });
		const first = new PairInitiator({ ...ROOM, words: TRUE_WORDS });
		expect(responder.onStart(as(first.start(), 'start')).ok).toBe(true);
		const second = new PairInitiator({ ...ROOM, words: TRUE_WORDS });
		expect(responder.onStart(as(second.start(), 'start')).ok).toBe(false);
		const fresh = new PairResponder({ ...ROOM, words: TRUE_WORDS });
		expect(fresh.onConfirm({ pake: 'confirm', confirm: toBase64Url(new Uint8Array(32)) }).ok).toBe(false);
	});
});

describe("the server's view of a code room", () => {
	it('the nameplate and the PAKE messages do not contain the words, in any spelling', () => {
		const { start, answer, initiatorStep } = run(TRUE_WORDS, TRUE_WORDS);
		const seen = JSON.stringify([
			{ room: { kind: 'code', nameplate: '7' } },
			start,
			answer,
			initiatorStep.send
		]);
		for (const word of TRUE_WORDS.split('-')) {
			for (const spelling of [word, bytesToHex(utf8ToBytes(word)), toBase64Url(utf8ToBytes(word))]) {
				expect(seen.toLowerCase()).not.toContain(spelling.toLowerCase());
			}
		}
		// Every message is one the parser accepts as it stands: nothing else rides along.
		for (const m of [start, answer, initiatorStep.send]) expect(parsePakeMessage(m)).toEqual(m);
	});

	it('someone who guessed wrong cannot check another guess offline, not even the right one', () => {
		// The attacker runs the exchange with his guess against an honest responder, and records
		// the answer. Afterwards he knows his own sid and scalar (the same random bytes) and tries
		// the true words with them against that answer: it fails, as for any code but his guess.
		const attacker = replayable();
		const guess = new PairInitiator({ ...ROOM, words: 'acid-zoom' }, attacker.random);
		const honest = new PairResponder({ ...ROOM, words: TRUE_WORDS });
		const answer = as(honest.onStart(as(guess.start(), 'start')).send, 'answer');
		expect(guess.onAnswer(answer).ok).toBe(false);
		for (const candidate of [TRUE_WORDS, 'acid-zoom', 'bacon-zone', 'amber-zoom']) {
			const offline = new PairInitiator({ ...ROOM, words: candidate }, attacker.again());
			expect(offline.onAnswer(answer).ok).toBe(false);
		}
	});

	it('the guess that matches is the one he made: one online guess per exchange', () => {
		const attacker = replayable();
		const guess = new PairInitiator({ ...ROOM, words: TRUE_WORDS }, attacker.random);
		const honest = new PairResponder({ ...ROOM, words: TRUE_WORDS });
		const answer = as(honest.onStart(as(guess.start(), 'start')).send, 'answer');
		expect(guess.onAnswer(answer).ok).toBe(true);
		const other = new PairInitiator({ ...ROOM, words: 'acid-zoom' }, attacker.again());
		expect(other.onAnswer(answer).ok).toBe(false);
	});

	it('two runs with the same words show unrelated shares: nothing links them to the code', () => {
		const a = run(TRUE_WORDS, TRUE_WORDS);
		const b = run(TRUE_WORDS, TRUE_WORDS);
		expect(as(a.start, 'start').share).not.toBe(as(b.start, 'start').share);
		expect(as(a.answer, 'answer').share).not.toBe(as(b.answer, 'answer').share);
	});
});
