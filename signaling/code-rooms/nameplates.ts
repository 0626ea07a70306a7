import { randomInt } from 'node:crypto';
import type { CodeRoomStore } from './code-room-store';

/** How long a nameplate waits for its creator's first join. */
export const NAMEPLATE_HOLD_MS = 60_000;
/** Random tries per number of digits before a longer nameplate is tried. */
const TRIES_PER_LENGTH = 4;
const MAX_DIGITS = 6;

/**
 * Hands out a nameplate no live code room uses: the shortest it finds, picked at random among
 * the numbers of that many digits, so that a few rooms get one-digit nameplates and a busy server
 * still finds a free one in a bounded number of tries. Null when it found none.
 */
export async function claimNameplate(
	isLive: (nameplate: string) => Promise<boolean>,
	store: Pick<CodeRoomStore, 'hold'>,
	random: (min: number, max: number) => number = randomInt
): Promise<string | null> {
	for (let digits = 1; digits <= MAX_DIGITS; digits++) {
		const low = digits === 1 ? 1 : 10 ** (digits - 1);
		const high = 10 ** digits;
		for (let i = 0; i < TRIES_PER_LENGTH; i++) {
			const nameplate = String(random(low, high));
			if (await isLive(nameplate)) continue;
			if (await store.hold(nameplate, NAMEPLATE_HOLD_MS)) return nameplate;
		}
	}
	return null;
}
