import { describe, expect, it } from 'vitest';
import { foldName, isConfusable } from './name-fold';

describe('names a person could mistake for each other', () => {
	it.each([
		['Bob', 'bob'],
		['Bob', 'BOB'],
		['Zoë', 'Zoe'],
		['Bob', 'Воb'], // Cyrillic В and о
		['Alice', 'Аlicе'], // Cyrillic А and е
		['Alice', 'A1ice'],
		['Quiet Otter', 'quiet-otter'],
		['Quiet Otter', 'Qu1et 0tter'],
		['Bob', 'Ｂｏｂ'], // full-width
		['Emma', 'Ernma'],
		['Bill', 'BiII']
	])('%s and %s fold together', (a, b) => {
		expect(foldName(a)).toBe(foldName(b));
	});

	it.each([
		['Bob', 'Rob'],
		['Alice', 'Alicia'],
		['Quiet Otter', 'Quiet Heron']
	])('%s and %s stay apart', (a, b) => {
		expect(foldName(a)).not.toBe(foldName(b));
	});

	it('finds a clash among several names', () => {
		expect(isConfusable('bоb', ['Alice', 'Bob'])).toBe(true);
		expect(isConfusable('Carol', ['Alice', 'Bob'])).toBe(false);
	});
});
