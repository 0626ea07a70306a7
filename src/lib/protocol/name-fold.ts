/**
 * Two display names that a person could mistake for each other fold to the same key: case,
 * accents and other combining marks, compatibility forms (full-width letters, ligatures), the
 * common look-alike letters of Cyrillic and Greek, digits that pass for letters, and spacing or
 * punctuation. A room holds at most one name per key, checked by the server and by every peer.
 */

/** Look-alikes of Latin letters (after lower-casing and NFKD), from Unicode's confusables list. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
	// Cyrillic
	а: 'a',
	в: 'b',
	е: 'e',
	ё: 'e',
	һ: 'h',
	і: 'i',
	ї: 'i',
	ј: 'j',
	к: 'k',
	м: 'm',
	н: 'h',
	о: 'o',
	р: 'p',
	с: 'c',
	т: 't',
	у: 'y',
	х: 'x',
	ѕ: 's',
	ԁ: 'd',
	ԛ: 'q',
	ԝ: 'w',
	ɡ: 'g',
	// Greek
	α: 'a',
	β: 'b',
	ε: 'e',
	η: 'n',
	ι: 'i',
	κ: 'k',
	ν: 'v',
	ο: 'o',
	ρ: 'p',
	τ: 't',
	υ: 'u',
	χ: 'x',
	ω: 'w',
	// Latin look-alikes and digits that pass for letters
	ı: 'i',
	ł: 'l',
	ø: 'o',
	đ: 'd',
	ß: 'ss',
	'0': 'o',
	'1': 'l',
	'5': 's',
	'|': 'l'
};

export function foldName(name: string): string {
	const decomposed = name.normalize('NFKD').toLowerCase().normalize('NFKD');
	let out = '';
	for (const ch of decomposed) {
		if (/[\p{M}\s.'_-]/u.test(ch)) continue;
		out += LOOK_ALIKES[ch] ?? ch;
	}
	// "I" lower-cases to "i" and "l" stays: the two are the same shape in many fonts.
	return out.replaceAll('i', 'l').replaceAll('rn', 'm');
}

/** Whether `name` would be mistaken for one of `taken`. */
export function isConfusable(name: string, taken: Iterable<string>): boolean {
	const key = foldName(name);
	for (const other of taken) if (foldName(other) === key) return true;
	return false;
}
