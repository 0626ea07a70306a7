import { describe, expect, it } from 'vitest';
import type { OpenedSignal } from '../crypto/signal-auth';
import { routeSignal, type LinkPosition } from './signal-routing';

const offer = (link: string, seq = 0): OpenedSignal => ({
	ok: true,
	link,
	seq,
	role: 'initiator',
	signal: { type: 'offer', sdp: 'v=0' }
});
const answer = (link: string, seq: number): OpenedSignal => ({
	ok: true,
	link,
	seq,
	role: 'responder',
	signal: { type: 'answer', sdp: 'v=0' }
});
const candidate = (link: string, seq: number, role: 'initiator' | 'responder'): OpenedSignal => ({
	ok: true,
	link,
	seq,
	role,
	signal: { type: 'candidate', candidate: { candidate: 'candidate:1', sdpMLineIndex: 0, sdpMid: '0' } }
});

const responder = (over: Partial<LinkPosition> = {}): LinkPosition => ({
	role: 'responder',
	linkId: null,
	recvSeq: -1,
	ready: false,
	polite: false,
	...over
});
const initiator = (over: Partial<LinkPosition> = {}): LinkPosition => ({
	role: 'initiator',
	linkId: 'mine',
	recvSeq: -1,
	ready: false,
	polite: false,
	...over
});
const none = new Set<string>();

describe('routeSignal', () => {
	it('a fresh responder adopts the first offer', () => {
		expect(routeSignal(responder(), offer('theirs'), none)).toEqual({ action: 'feed', adoptLink: 'theirs' });
	});

	it('feeds the rest of the link in order and drops replays', () => {
		const at = responder({ linkId: 'theirs', recvSeq: 0 });
		expect(routeSignal(at, candidate('theirs', 1, 'initiator'), none)).toEqual({
			action: 'feed',
			adoptLink: null
		});
		expect(routeSignal(at, candidate('theirs', 0, 'initiator'), none)).toEqual({ action: 'ignore' });
		expect(routeSignal(at, offer('theirs', 0), none)).toEqual({ action: 'ignore' });
	});

	it('an initiator takes the answer on its own link only', () => {
		expect(routeSignal(initiator(), answer('mine', 0), none)).toEqual({ action: 'feed', adoptLink: null });
		expect(routeSignal(initiator(), answer('old', 0), none)).toEqual({ action: 'ignore' });
	});

	it('a new offer from the peer restarts a responder, even a connected one', () => {
		const at = responder({ linkId: 'theirs', recvSeq: 4 });
		expect(routeSignal(at, offer('again'), none)).toEqual({ action: 'new-link' });
		expect(routeSignal({ ...at, ready: true }, offer('again'), none)).toEqual({ action: 'new-link' });
	});

	it('a link id used before never starts a link again (no replayed offers)', () => {
		const at = responder({ linkId: 'theirs', recvSeq: 4 });
		expect(routeSignal(at, offer('earlier'), new Set(['earlier']))).toEqual({ action: 'ignore' });
	});

	it('when both sides offer at once, only the polite side gives way', () => {
		expect(routeSignal(initiator({ polite: true }), offer('theirs'), none)).toEqual({ action: 'new-link' });
		expect(routeSignal(initiator({ polite: false }), offer('theirs'), none)).toEqual({ action: 'ignore' });
		// The losing offer's candidates are stale for the winner.
		expect(routeSignal(initiator(), candidate('theirs', 1, 'initiator'), none)).toEqual({ action: 'ignore' });
	});

	it('a connected initiator answers a restart from the peer', () => {
		expect(routeSignal(initiator({ ready: true, recvSeq: 3 }), offer('theirs'), none)).toEqual({
			action: 'new-link'
		});
	});

	it('refuses what is not provably from the peer, and asks it to fail its side', () => {
		expect(routeSignal(responder(), { ok: false, reason: 'bad-seal', link: 'x' }, none)).toEqual({
			action: 'refuse',
			rejectLink: 'x'
		});
		expect(routeSignal(responder(), { ok: false, reason: 'malformed' }, none)).toEqual({
			action: 'refuse',
			rejectLink: null
		});
		expect(routeSignal(initiator(), candidate('mine', 0, 'initiator'), none)).toEqual({
			action: 'refuse',
			rejectLink: null
		});
	});

	it('a reject counts only on this link', () => {
		const reject = (link: string): OpenedSignal => ({
			ok: true,
			link,
			seq: 0,
			role: 'responder',
			signal: { type: 'reject' }
		});
		expect(routeSignal(initiator(), reject('mine'), none)).toEqual({ action: 'rejected' });
		expect(routeSignal(initiator(), reject('other'), none)).toEqual({ action: 'ignore' });
	});
});
