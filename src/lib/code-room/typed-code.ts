import { isNameplate } from '../protocol/typed-values';

/**
 * A code room's code as a person typed or read it (`7-amber-falcon`, `7 Amber Falcon`,
 * `7.amber.falcon`, `7amber falcon`): the nameplate and the rest, in lower case with every run of
 * separators made one `-`. This is the home page's check, without the word list: whether the
 * words are words is told by `parseRoomCode`, loaded with the room.
 */
export interface TypedCode {
	nameplate: string;
	/** Lower-case letters and single `-`s: `amber-falcon` (or `amberfalcon`, split later). */
	rest: string;
}

export function splitTypedCode(typed: string): TypedCode | null {
	const flat = typed
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	const match = /^0*([0-9]+)-?([a-z]+(?:-[a-z]+)*)$/.exec(flat);
	if (!match || !isNameplate(match[1])) return null;
	return { nameplate: match[1]!, rest: match[2]! };
}

/** The fragment of a code room's link: the whole code, which never reaches the server. */
export function codeRoomPath(code: string): string {
	return `/c#${code}`;
}
