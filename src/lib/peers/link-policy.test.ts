import { describe, expect, it } from 'vitest';
import { afterLinkLost, afterLinkState, afterStuck, MAX_LINK_ATTEMPTS, RETRY_DELAY_MS } from './link-policy';

describe('the connection policy: stuck, retry, give up', () => {
	it('an open link is verified; one refused for good fails the peer; a lost one is retried', () => {
		expect(afterLinkState('ready')).toEqual({ do: 'verify' });
		expect(afterLinkState('failed', 'unverified')).toEqual({ do: 'fail', failure: 'unverified' });
		expect(afterLinkState('failed', 'peer-no-webrtc')).toEqual({ do: 'fail', failure: 'peer-no-webrtc' });
		expect(afterLinkState('failed')).toEqual({ do: 'retry', failure: 'connection-failed' });
		expect(afterLinkState('closed', 'connection-failed')).toEqual({
			do: 'retry',
			failure: 'connection-failed'
		});
		expect(afterLinkState('connecting')).toEqual({ do: 'nothing' });
	});

	it('stuck: the side that offered offers again at once, the other waits, until the attempts run out', () => {
		expect(afterStuck(1, 'initiator')).toEqual({ do: 'offer', afterMs: 0 });
		expect(afterStuck(1, 'responder')).toEqual({ do: 'await-offer' });
		expect(afterStuck(1, undefined)).toEqual({ do: 'await-offer' });
		expect(afterStuck(MAX_LINK_ATTEMPTS - 1, 'initiator').do).toBe('offer');
		expect(afterStuck(MAX_LINK_ATTEMPTS, 'initiator')).toEqual({ do: 'give-up' });
	});

	it('a lost link: the offering side waits longer each time, the answering side is ready at once', () => {
		expect(afterLinkLost(1, 'initiator')).toEqual({ do: 'offer', afterMs: RETRY_DELAY_MS });
		expect(afterLinkLost(3, 'initiator')).toEqual({ do: 'offer', afterMs: 3 * RETRY_DELAY_MS });
		expect(afterLinkLost(2, 'responder')).toEqual({ do: 'await-offer' });
		expect(afterLinkLost(MAX_LINK_ATTEMPTS, 'responder')).toEqual({ do: 'give-up' });
	});
});
