import { describe, expect, it } from 'vitest';
import { routeFromStats } from './connection-route';

const local = (id: string, candidateType: string) => ({ id, type: 'local-candidate', candidateType });
const remote = (id: string, candidateType: string) => ({ id, type: 'remote-candidate', candidateType });
const pair = (id: string, l: string, r: string, extra: object = {}) => ({
	id,
	type: 'candidate-pair',
	localCandidateId: l,
	remoteCandidateId: r,
	...extra
});

describe('routeFromStats', () => {
	it('follows the pair the transport selected (Chromium)', () => {
		const report = [
			{ id: 'T1', type: 'transport', selectedCandidatePairId: 'P2' },
			pair('P1', 'L1', 'R1', { nominated: true, state: 'succeeded' }),
			pair('P2', 'L2', 'R1'),
			local('L1', 'host'),
			local('L2', 'relay'),
			remote('R1', 'host')
		];
		expect(routeFromStats(report)).toBe('relayed');
	});

	it('direct when both ends are host or server-reflexive', () => {
		const report = [
			{ id: 'T1', type: 'transport', selectedCandidatePairId: 'P1' },
			pair('P1', 'L1', 'R1'),
			local('L1', 'host'),
			remote('R1', 'srflx')
		];
		expect(routeFromStats(report)).toBe('direct');
	});

	it('a relay at the far end makes it relayed too', () => {
		const report = [pair('P1', 'L1', 'R1', { selected: true }), local('L1', 'host'), remote('R1', 'relay')];
		expect(routeFromStats(report)).toBe('relayed');
	});

	it('falls back to the nominated, succeeded pair', () => {
		const report = [
			pair('P0', 'L1', 'R1', { nominated: false, state: 'failed' }),
			pair('P1', 'L1', 'R1', { nominated: true, state: 'succeeded' }),
			local('L1', 'prflx'),
			remote('R1', 'host')
		];
		expect(routeFromStats(report)).toBe('direct');
	});

	it('unknown until a pair is selected and both candidates are known', () => {
		expect(routeFromStats([])).toBeNull();
		expect(routeFromStats([pair('P1', 'L1', 'R1', { selected: true }), local('L1', 'relay')])).toBeNull();
		expect(routeFromStats([null, 3, 'x', { type: 'transport' }])).toBeNull();
	});
});
