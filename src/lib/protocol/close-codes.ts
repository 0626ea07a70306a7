/** Every WebSocket close code the server uses, each defined once. */
export const CloseCode = {
	normal: 1000,
	goingAway: 1001,
	tooBig: 1009,
	/** A handler threw: a server bug (or Redis gone), not the client's fault. */
	internalError: 1011,
	/** The same tab joined again on a new socket; the old one must not reconnect. */
	replaced: 4000,
	badMessage: 4400,
	/** A private room joined without the proof its link gives. */
	forbidden: 4403,
	noSuchRoom: 4404,
	roomFull: 4409,
	/** A code room closed after too many failed exchanges. */
	codeClosed: 4410,
	rateLimited: 4429,
	overCapacity: 4503
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** After these closes the client does not reconnect: doing so could not help. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
	CloseCode.replaced,
	CloseCode.forbidden,
	CloseCode.noSuchRoom,
	CloseCode.roomFull,
	CloseCode.codeClosed
]);
