import { CloseCode, type CloseCodeValue } from './close-codes';

/**
 * Every error the server can send, and what it means, decided here once for server and client:
 * - `close`: the close code the server follows it with, or null when the socket stays open;
 * - `fatal`: the tab gives up on the room (joining again could not help), else it carries on or
 *   reconnects.
 */
const ERRORS = {
	'bad-message': { close: CloseCode.badMessage, fatal: false },
	'bad-room': { close: CloseCode.badMessage, fatal: true },
	'bad-name': { close: CloseCode.badMessage, fatal: true },
	// A private room's join without the proof from its link's secret: the link is broken.
	'bad-proof': { close: CloseCode.forbidden, fatal: true },
	// A join from a page of another protocol version (protocol-version.ts): it must reload. The
	// close is 4403 because pages from before versions give up on it instead of reconnecting.
	'other-version': { close: CloseCode.forbidden, fatal: true },
	'room-full': { close: CloseCode.roomFull, fatal: true },
	'no-such-room': { close: CloseCode.noSuchRoom, fatal: true },
	// Refused joins that leave the socket open. The tab gives up on this one: the page says why.
	'room-exists': { close: null, fatal: true },
	// Refused joins (and renames) that leave the socket open: the tab joins again with a fresh
	// peer id, or another name.
	'id-taken': { close: null, fatal: false },
	'name-taken': { close: null, fatal: false },
	'not-joined': { close: CloseCode.badMessage, fatal: false },
	'already-joined': { close: CloseCode.badMessage, fatal: false },
	// A signal to a device that just left: its peer-left follows.
	'unknown-peer': { close: null, fatal: false },
	// The tab reconnects, slowly.
	'rate-limited': { close: CloseCode.rateLimited, fatal: false },
	'too-many-rooms': { close: CloseCode.overCapacity, fatal: true },
	'too-many-connections': { close: CloseCode.overCapacity, fatal: false },
	// A code room that saw too many failed exchanges (wrong codes): its members make a new code.
	'code-closed': { close: CloseCode.codeClosed, fatal: true },
	// No free nameplate for a new code room right now.
	'no-nameplate': { close: CloseCode.overCapacity, fatal: true }
} as const satisfies Record<string, { close: CloseCodeValue | null; fatal: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as readonly ErrorCode[];

export function isErrorCode(v: unknown): v is ErrorCode {
	return typeof v === 'string' && Object.hasOwn(ERRORS, v);
}

/** The close code that follows `code`, or null when the socket stays open. */
export function closeCodeFor(code: ErrorCode): CloseCodeValue | null {
	return ERRORS[code].close;
}

/** Whether the tab gives up on the room after `code`. */
export function isFatalError(code: ErrorCode): boolean {
	return ERRORS[code].fatal;
}
