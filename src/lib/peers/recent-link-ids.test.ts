import { describe, expect, it } from 'vitest';
import { routeSignal } from '../webrtc/signal-routing';
import { RECENT_LINK_IDS, RecentLinkIds } from './recent-link-ids';

describe('RecentLinkIds', () => {
	it('keeps at most its capacity, forgetting the oldest first', () => {
		const ids = new RecentLinkIds(3);
		for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
		expect(ids.size).toBe(3);
		expect(['a', 'b', 'c', 'd'].map((id) => ids.has(id))).toEqual([false, true, true, true]);
	});

	it('counts a re-added id as the newest', () => {
		const ids = new RecentLinkIds(2);
		ids.add('a');
		ids.add('b');
		ids.add('a');
		ids.add('c');
		expect([ids.has('a'), ids.has('b'), ids.has('c')]).toEqual([true, false, true]);
	});

	it('stays at 64 ids over a long session, and routing still refuses to reopen a recent one', () => {
		const ids = new RecentLinkIds();
		for (let i = 0; i < 10_000; i++) ids.add(`link-${i}`);
		expect(ids.size).toBe(RECENT_LINK_IDS);
		const at = { role: 'responder', linkId: 'current', recvSeq: 3, ready: true, polite: false } as const;
		const replay = (link: string) =>
			routeSignal(
				at,
				{ ok: true, link, role: 'initiator', seq: 0, signal: { type: 'offer', sdp: 'v=0' } },
				ids
			);
		expect(replay('link-9999')).toEqual({ action: 'ignore' });
		expect(replay(`link-${10_000 - RECENT_LINK_IDS}`)).toEqual({ action: 'ignore' });
		expect(replay('never-used')).toEqual({ action: 'new-link' });
	});
});
