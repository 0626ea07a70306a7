import { describe, expect, it } from 'vitest';
import { safetyCode, sdpFingerprints } from './safety-code';

const key = new Uint8Array(32).fill(7);
const sdp = (fp: string) =>
	`v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 ${fp}\r\n`;
const A = 'AA:BB:CC:DD';
const B = '11:22:33:44';

describe('safety code', () => {
	it('reads fingerprints from SDP', () => {
		expect(sdpFingerprints(sdp(A))).toEqual([`sha-256 ${A}`]);
		expect(sdpFingerprints('v=0\r\n')).toEqual([]);
	});
	it('is the same on both ends', () => {
		const onA = safetyCode(key, sdp(A), sdp(B));
		expect(onA).toMatch(/^\d{3} \d{3}$/);
		expect(safetyCode(key, sdp(B), sdp(A))).toBe(onA);
	});
	it('differs when a fingerprint or the room key differs', () => {
		const honest = safetyCode(key, sdp(A), sdp(B));
		expect(safetyCode(key, sdp(A), sdp('11:22:33:45'))).not.toBe(honest);
		expect(safetyCode(new Uint8Array(32).fill(8), sdp(A), sdp(B))).not.toBe(honest);
	});
	it('refuses SDP without a fingerprint', () => {
		expect(safetyCode(key, 'v=0', sdp(B))).toBeNull();
	});
});
