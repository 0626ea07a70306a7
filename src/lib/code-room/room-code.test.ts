import { describe, expect, it } from 'vitest';
import { CODE_WORDS } from './code-words';
import { formatRoomCode, generateCodeWords, parseRoomCode } from './room-code';
import { splitTypedCode } from './typed-code';

describe('a code room code', () => {
	it('is read back the same however it is typed', () => {
		for (const typed of [
			'7-acorn-zebra',
			' 7 Acorn Zebra ',
			'7.ACORN.zebra',
			'7acorn_zebra',
			'07 – acorn – zebra',
			'7 acornzebra'
		]) {
			const code = parseRoomCode(typed);
			expect(code && formatRoomCode(code), typed).toBe('7-acorn-zebra');
		}
	});

	it('refuses what is not a nameplate and two list words', () => {
		for (const typed of [
			'',
			'amber-falcon',
			'7-acorn',
			'7-acorn-zebra-zoom',
			'7-acorn-zebrax',
			'0-acorn-zebra'
		]) {
			expect(parseRoomCode(typed), typed).toBeNull();
		}
		expect(splitTypedCode('K7M2QX')).toBeNull();
	});

	it('draws words from the whole list: 1,295 distinct words, over 16 bits for two', () => {
		expect(new Set(CODE_WORDS).size).toBe(1295);
		expect(2 * Math.log2(CODE_WORDS.length)).toBeGreaterThan(20);
		const seen = new Set<string>();
		for (let i = 0; i < 400; i++) for (const w of generateCodeWords().split('-')) seen.add(w);
		expect(seen.size).toBeGreaterThan(400);
		expect([...seen].every((w) => CODE_WORDS.includes(w))).toBe(true);
	});
});
