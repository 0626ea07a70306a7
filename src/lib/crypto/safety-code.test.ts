import { describe, expect, it } from 'vitest';
import { safetyCode, safetyCommitment, type SafetyContext } from './safety-code';

const ctx: SafetyContext = {
	key: new Uint8Array(32).fill(7),
	roomId: 'R'.repeat(22),
	selfId: 'A',
	peerId: 'B'
};
const mirrored: SafetyContext = { ...ctx, selfId: 'B', peerId: 'A' };
const A = 'sha-256 AA:BB:CC:DD';
const B = 'sha-256 11:22:33:44';
const nA = new Uint8Array(32).fill(1);
const nB = new Uint8Array(32).fill(2);

describe('safety code', () => {
	it('is the same on both ends, in the same format as always', () => {
		const onA = safetyCode(ctx, { local: A, remote: B }, { local: nA, remote: nB });
		expect(onA).toMatch(/^\d{3} \d{3}$/);
		expect(safetyCode(mirrored, { local: B, remote: A }, { local: nB, remote: nA })).toBe(onA);
	});

	it('ties a nonce to the certificate it was revealed for', () => {
		const onA = safetyCode(ctx, { local: A, remote: B }, { local: nA, remote: nB });
		// The same four values, the nonces swapped between the certificates: another code.
		expect(safetyCode(ctx, { local: A, remote: B }, { local: nB, remote: nA })).not.toBe(onA);
	});
});

describe('safety commitment', () => {
	it('is what the other end checks: the same value from either end of the pair', () => {
		expect(safetyCommitment(ctx, 'self', A, nA)).toEqual(safetyCommitment(mirrored, 'peer', A, nA));
	});

	it('binds the committing end, its certificate and its nonce', () => {
		const c = safetyCommitment(ctx, 'self', A, nA);
		expect(safetyCommitment(ctx, 'peer', A, nA)).not.toEqual(c);
		expect(safetyCommitment(ctx, 'self', B, nA)).not.toEqual(c);
		expect(safetyCommitment(ctx, 'self', A, nB)).not.toEqual(c);
		expect(safetyCommitment({ ...ctx, roomId: 'S'.repeat(22) }, 'self', A, nA)).not.toEqual(c);
	});
});
