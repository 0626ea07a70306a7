import { describe, expect, it } from 'vitest';
import {
	afterPathLost,
	ICE_RESTART_AFTER_MS,
	ICE_RESTART_EVERY_MS,
	KEEP_INTERRUPTED_LINK_MS,
	sameSession
} from './link-recovery';

describe('a lost path: when to restart ICE, when to give the link up', () => {
	it('waits a moment first: a path often comes back by itself', () => {
		expect(afterPathLost(0, 'initiator')).toEqual({ do: 'wait', ms: ICE_RESTART_AFTER_MS });
		expect(afterPathLost(500, 'responder')).toEqual({ do: 'wait', ms: ICE_RESTART_AFTER_MS - 500 });
	});

	it('then the side that offered restarts ICE, again and again; the other waits for its offer', () => {
		expect(afterPathLost(ICE_RESTART_AFTER_MS, 'initiator')).toEqual({
			do: 'restart-ice',
			againInMs: ICE_RESTART_EVERY_MS
		});
		expect(afterPathLost(ICE_RESTART_AFTER_MS, 'responder')).toEqual({
			do: 'wait',
			ms: KEEP_INTERRUPTED_LINK_MS - ICE_RESTART_AFTER_MS
		});
		// The last restart is looked at when the link's time is up, not after.
		expect(afterPathLost(KEEP_INTERRUPTED_LINK_MS - 1_000, 'initiator')).toEqual({
			do: 'restart-ice',
			againInMs: 1_000
		});
	});

	it('past its time the link is given up, on both sides, for a fresh one', () => {
		expect(afterPathLost(KEEP_INTERRUPTED_LINK_MS, 'initiator')).toEqual({ do: 'new-link' });
		expect(afterPathLost(KEEP_INTERRUPTED_LINK_MS + 1, 'responder')).toEqual({ do: 'new-link' });
	});

	it('a path that comes back must carry the certificates the safety code was checked against', () => {
		const verified = { local: 'sha-256 AA', remote: 'sha-256 BB' };
		expect(sameSession(verified, { ...verified })).toBe(true);
		expect(sameSession(verified, { local: 'sha-256 AA', remote: 'sha-256 CC' })).toBe(false);
		expect(sameSession(verified, null)).toBe(false);
		expect(sameSession(null, verified)).toBe(false);
	});
});
