import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonObject } from './json-object';

describe('parseJsonObject', () => {
	it('parses an object, and nothing else', () => {
		expect(parseJsonObject('{"t":"x","n":1}')).toEqual({ t: 'x', n: 1 });
		for (const raw of ['', '{', 'null', '[]', '[{"t":"x"}]', '"x"', '7', 'true']) {
			expect(parseJsonObject(raw)).toBeNull();
		}
	});

	it('isJsonObject says the same of a parsed value', () => {
		expect(isJsonObject({})).toBe(true);
		for (const v of [null, [], 'x', 1, undefined]) expect(isJsonObject(v)).toBe(false);
	});
});
