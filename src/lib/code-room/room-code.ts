import { CODE_WORDS } from './code-words';
import { splitTypedCode } from './typed-code';

/** Words after the nameplate: 1,295² codes per nameplate (about 20.7 bits). */
export const CODE_WORD_COUNT = 2;

const WORD_SET: ReadonlySet<string> = new Set(CODE_WORDS);

/** A code room's code: the nameplate the server handed out, and the words it never sees. */
export interface RoomCode {
	nameplate: string;
	/** `amber-falcon`: the PAKE's password. */
	words: string;
}

export function formatRoomCode(code: RoomCode): string {
	return `${code.nameplate}-${code.words}`;
}

/** Fresh words, each drawn uniformly from the list (rejection sampling: no word is likelier). */
export function generateCodeWords(random = (n: number) => crypto.getRandomValues(new Uint8Array(n))): string {
	const n = CODE_WORDS.length;
	const limit = 65536 - (65536 % n);
	const words: string[] = [];
	while (words.length < CODE_WORD_COUNT) {
		const [hi, lo] = random(2);
		const v = hi! * 256 + lo!;
		if (v < limit) words.push(CODE_WORDS[v % n]!);
	}
	return words.join('-');
}

/** Two list words run together (`amberfalcon`), when exactly one split makes them. */
function splitRunTogether(text: string): string[] | null {
	const splits: string[][] = [];
	for (let i = 1; i < text.length; i++) {
		const [a, b] = [text.slice(0, i), text.slice(i)];
		if (WORD_SET.has(a) && WORD_SET.has(b)) splits.push([a, b]);
	}
	return splits.length === 1 ? splits[0]! : null;
}

/** What a person typed, as a code, forgiving case and separators; null when it is none. */
export function parseRoomCode(typed: string): RoomCode | null {
	const split = splitTypedCode(typed);
	if (!split) return null;
	const parts = split.rest.split('-');
	const words = parts.length === 1 ? splitRunTogether(parts[0]!) : parts;
	if (!words || words.length !== CODE_WORD_COUNT || !words.every((w) => WORD_SET.has(w))) return null;
	return { nameplate: split.nameplate, words: words.join('-') };
}
