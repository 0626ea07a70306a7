import { describe, expect, it } from 'vitest';
import { parseSignalEnvelope } from './signal-envelope';

const good = {
	v: 2,
	link: 'L'.repeat(22),
	seq: 0,
	role: 'responder',
	nonce: 'n'.repeat(32),
	box: 'b'.repeat(400)
};

describe('signal envelope v2', () => {
	it('parses exactly the sealed shape', () => {
		expect(parseSignalEnvelope(good)).toEqual(good);
	});

	it('refuses anything else: another version, a missing or extra field, a bad value', () => {
		const bad: unknown[] = [
			{ ...good, v: 1 },
			{ ...good, v: '2' },
			{ ...good, link: 'short' },
			{ ...good, seq: -1 },
			{ ...good, seq: 1.5 },
			{ ...good, role: 'server' },
			{ ...good, nonce: 'n'.repeat(31) },
			{ ...good, nonce: 'n'.repeat(31) + '!' },
			{ ...good, box: '' },
			{ ...good, box: 'b'.repeat(22) },
			{ ...good, box: 'b'.repeat(400) + '=' },
			{ ...good, box: 'b'.repeat(64 * 1024) },
			// A payload in the clear has no place in a sealed envelope.
			{ ...good, payload: '{"type":"offer"}' },
			Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'box')),
			[good],
			null,
			'x'
		];
		for (const b of bad) expect(parseSignalEnvelope(b)).toBeNull();
	});
});
