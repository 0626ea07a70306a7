import type { ClientMessage } from '#protocol/signaling-messages';
import type { AddressRateLimiter, RoomBackend } from '../rooms/room-backend';
import { guessKey } from './client-address';
import type { RateLimit } from './token-bucket';

type JoinMessage = Extract<ClientMessage, { type: 'join' }>;

/** Which per-address budget a join would overspend: all joins, or guesses at public codes. */
export type JoinBudget = 'joins' | 'guesses';

export interface JoinLimitSettings {
	/** Null turns the limit off. */
	joinRateLimit: RateLimit | null;
	/** Null turns the limit off. */
	publicGuessRateLimit: RateLimit | null;
	/** Guesses from all addresses together; null turns the limit off. */
	globalGuessRateLimit: RateLimit | null;
}

/** The one key of the global guess budget. */
const EVERYONE = 'everyone';

/**
 * The per-address join budgets, kept by the room backend so that they hold across processes.
 * A public join that does not create its room is a guess at a code; when the guess budget is
 * empty even creating is refused, or "created" versus "refused" would tell which codes are live.
 * Guesses count per address (per /48 for IPv6) and against one budget shared by all addresses,
 * so that many addresses together still walk the code space slowly.
 */
export class JoinLimits {
	readonly #rooms: Pick<RoomBackend<unknown>, 'hasRoom' | 'isResume'>;
	readonly #joins: AddressRateLimiter | null;
	readonly #guesses: AddressRateLimiter | null;
	readonly #allGuesses: AddressRateLimiter | null;

	constructor(
		rooms: Pick<RoomBackend<unknown>, 'hasRoom' | 'isResume' | 'rateLimiter'>,
		settings: JoinLimitSettings
	) {
		this.#rooms = rooms;
		this.#joins = settings.joinRateLimit && rooms.rateLimiter('join', settings.joinRateLimit);
		this.#guesses =
			settings.publicGuessRateLimit && rooms.rateLimiter('guess', settings.publicGuessRateLimit);
		this.#allGuesses =
			settings.globalGuessRateLimit && rooms.rateLimiter('guess-all', settings.globalGuessRateLimit);
	}

	/** Spends what `message` costs from `address`'s budgets; the one it overspent, or null. */
	async overspent(address: string, message: JoinMessage): Promise<JoinBudget | null> {
		if (this.#joins && !(await this.#joins.take(address))) return 'joins';
		const { room } = message;
		// A join of a live code room is a guess too: at its words, through the PAKE it starts.
		if ((!this.#guesses && !this.#allGuesses) || room.kind === 'private') return null;
		// Taking over one's own place needs the secret resume token: that is no guess.
		if (await this.#rooms.isResume(room, message.peerId, message.resumeToken)) return null;
		const guess = !message.create || (await this.#rooms.hasRoom(room));
		const spend = async (limiter: AddressRateLimiter | null, key: string): Promise<boolean> =>
			!limiter || (guess ? limiter.take(key) : limiter.hasToken(key));
		const allowed =
			(await spend(this.#guesses, guessKey(address))) && (await spend(this.#allGuesses, EVERYONE));
		return allowed ? null : 'guesses';
	}
}
