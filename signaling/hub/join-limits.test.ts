import { describe, expect, it } from 'vitest';
import type { ClientMessage, RoomRef } from '#protocol/signaling-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';
import type { AddressRateLimiter } from '../rooms/room-backend';
import { JoinLimits } from './join-limits';

type JoinMessage = Extract<ClientMessage, { type: 'join' }>;

/** A budget of `tokens` per address that never refills, counting what was asked of it. */
class CountingLimiter implements AddressRateLimiter {
	readonly #left = new Map<string, number>();
	takes = 0;
	peeks = 0;

	constructor(readonly tokens: number) {}

	async take(address: string): Promise<boolean> {
		this.takes++;
		const left = this.#left.get(address) ?? this.tokens;
		if (left < 1) return false;
		this.#left.set(address, left - 1);
		return true;
	}

	async hasToken(address: string): Promise<boolean> {
		this.peeks++;
		return (this.#left.get(address) ?? this.tokens) >= 1;
	}
}

function setup({ joins = 100, guesses = 100, globalGuesses = 1000, liveRoom = false, resume = false } = {}) {
	const limiters = new Map<string, CountingLimiter>();
	const rooms = {
		hasRoom: async () => liveRoom,
		isResume: async () => resume,
		rateLimiter: (name: string, limit: { burst: number }) => {
			const limiter = new CountingLimiter(limit.burst);
			limiters.set(name, limiter);
			return limiter;
		}
	};
	const limits = new JoinLimits(rooms, {
		joinRateLimit: { burst: joins, perSecond: 0 },
		publicGuessRateLimit: { burst: guesses, perSecond: 0 },
		globalGuessRateLimit: { burst: globalGuesses, perSecond: 0 }
	});
	return { limits, join: limiters.get('join'), guess: limiters.get('guess') };
}

const PUBLIC: RoomRef = { kind: 'public', code: '1234' };
const PRIVATE: RoomRef = { kind: 'private', id: 'a'.repeat(22) };

function join(room: RoomRef, create: boolean): JoinMessage {
	return {
		type: 'join',
		room,
		create,
		peerId: 'p'.repeat(22),
		resumeToken: 't'.repeat(22),
		name: 'N',
		proof: null,
		v: PROTOCOL_VERSION
	};
}

/** What `overspent` says for one join from each address in turn. */
async function outcomes(limits: JoinLimits, addresses: string[], request: JoinMessage) {
	const out: (string | null)[] = [];
	for (const address of addresses) out.push(await limits.overspent(address, request));
	return out;
}

describe('JoinLimits', () => {
	it('counts every join against the join budget, per address', async () => {
		const { limits } = setup({ joins: 2 });
		expect(await outcomes(limits, ['a', 'a', 'a', 'b'], join(PRIVATE, true))).toEqual([
			null,
			null,
			'joins',
			null
		]);
	});

	it('takes a guess for a public join that does not create, or finds the room live', async () => {
		const tried = setup({ guesses: 1 });
		expect(await tried.limits.overspent('a', join(PUBLIC, false))).toBeNull();
		expect(await tried.limits.overspent('a', join(PUBLIC, false))).toBe('guesses');

		const live = setup({ guesses: 1, liveRoom: true });
		expect(await live.limits.overspent('a', join(PUBLIC, true))).toBeNull();
		expect(live.guess?.takes).toBe(1);
	});

	it('lets creating a new public room only peek at the guess budget, and refuses it when empty', async () => {
		const { limits, guess } = setup({ guesses: 1 });
		expect(await limits.overspent('a', join(PUBLIC, true))).toBeNull();
		expect(guess).toMatchObject({ takes: 0, peeks: 1 });
		expect(await limits.overspent('a', join(PUBLIC, false))).toBeNull();
		// With the guess budget spent, "created" versus "refused" would tell which codes are live.
		expect(await limits.overspent('a', join(PUBLIC, true))).toBe('guesses');
	});

	it('counts every guess, from any address, against one global budget too', async () => {
		const { limits } = setup({ guesses: 10, globalGuesses: 3 });
		expect(await outcomes(limits, ['a', 'b', 'c', 'd'], join(PUBLIC, false))).toEqual([
			null,
			null,
			null,
			'guesses'
		]);
		// With the global budget spent, creating is refused too, for the same reason.
		expect(await limits.overspent('e', join(PUBLIC, true))).toBe('guesses');
	});

	it('counts IPv6 guesses per /48: one site cannot spread them over its 65,536 /64s', async () => {
		const { limits } = setup({ guesses: 2 });
		const addresses = [
			'2001:db8:1:1::/64',
			'2001:db8:1:2::/64',
			'2001:db8:1:3::/64',
			'2001:db8:2:1::/64',
			'203.0.113.1'
		];
		expect(await outcomes(limits, addresses, join(PUBLIC, false))).toEqual([
			null,
			null,
			'guesses',
			null,
			null
		]);
	});

	it('spends no guess on private rooms nor on resuming one’s own place', async () => {
		const { limits, guess } = setup({ guesses: 0 });
		expect(await limits.overspent('a', join(PRIVATE, false))).toBeNull();
		const resuming = setup({ guesses: 0, resume: true });
		expect(await resuming.limits.overspent('a', join(PUBLIC, false))).toBeNull();
		expect(guess?.takes).toBe(0);
		expect(resuming.guess?.takes).toBe(0);
	});

	it('has no budgets when both limits are off', async () => {
		const rooms = {
			hasRoom: async () => true,
			isResume: async () => false,
			rateLimiter: () => {
				throw new Error('no limiter should be made');
			}
		};
		const limits = new JoinLimits(rooms, {
			joinRateLimit: null,
			publicGuessRateLimit: null,
			globalGuessRateLimit: null
		});
		expect(await limits.overspent('a', join(PUBLIC, false))).toBeNull();
	});
});
