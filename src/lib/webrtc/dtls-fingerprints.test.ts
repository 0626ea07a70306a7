import { describe, expect, it } from 'vitest';
import { readDtlsFingerprints } from './dtls-fingerprints';

const LOCAL =
	'E5:10:11:19:0F:C6:DA:D0:80:0B:EA:F4:F9:99:8E:41:FA:67:BF:03:B1:E6:2F:5C:90:36:2E:5F:C0:0C:59:33';
const REMOTE =
	'4A:0C:8D:77:21:3E:90:1B:AA:5F:62:C4:19:E8:73:0D:B6:44:2A:F1:58:93:CE:07:6D:12:9B:E0:35:A8:7C:41';
const OTHER =
	'00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';

const sdp = (...fingerprints: string[]) =>
	'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n' +
	'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n' +
	fingerprints.map((f) => `a=fingerprint:sha-256 ${f}\r\n`).join('') +
	'a=setup:actpass\r\na=mid:0\r\n';

/** What Chromium reports once DTLS is up: the transport names both ends' certificates. */
const chromiumStats = (dtlsState = 'connected') => [
	{ id: 'T01', type: 'transport', dtlsState, localCertificateId: 'CFlocal', remoteCertificateId: 'CFremote' },
	{ id: 'CFlocal', type: 'certificate', fingerprint: LOCAL, fingerprintAlgorithm: 'sha-256' },
	{ id: 'CFremote', type: 'certificate', fingerprint: REMOTE.toLowerCase(), fingerprintAlgorithm: 'SHA-256' }
];

function connection(stats: object[], local: string, remote: string) {
	return {
		getStats: async () =>
			new Map(stats.map((s) => [(s as { id: string }).id, s])) as unknown as RTCStatsReport,
		localDescription: { type: 'offer', sdp: local } as RTCSessionDescription,
		remoteDescription: { type: 'answer', sdp: remote } as RTCSessionDescription
	};
}

describe('readDtlsFingerprints', () => {
	it('reads the certificates the DTLS transport uses from its stats', async () => {
		expect(await readDtlsFingerprints(connection(chromiumStats(), sdp(LOCAL), sdp(REMOTE)))).toEqual({
			local: `sha-256 ${LOCAL}`,
			remote: `sha-256 ${REMOTE}`
		});
	});

	it('ignores the SDP: an extra fingerprint line on either side changes nothing', async () => {
		const plain = await readDtlsFingerprints(connection(chromiumStats(), sdp(LOCAL), sdp(REMOTE)));
		for (const [local, remote] of [
			[sdp(LOCAL, OTHER), sdp(REMOTE)],
			[sdp(LOCAL), sdp(OTHER, REMOTE)],
			[`a=fingerprint:sha-256 ${OTHER}\r\n${sdp(LOCAL)}`, sdp(REMOTE, OTHER)]
		] as const) {
			expect(await readDtlsFingerprints(connection(chromiumStats(), local, remote))).toEqual(plain);
		}
	});

	it('gives nothing before DTLS is up, or when the stats name a certificate that is not there', async () => {
		expect(
			await readDtlsFingerprints(connection(chromiumStats('connecting'), sdp(LOCAL), sdp(REMOTE)))
		).toBeNull();
		const [transport, local] = chromiumStats();
		expect(await readDtlsFingerprints(connection([transport!, local!], sdp(LOCAL), sdp(REMOTE)))).toBeNull();
	});

	it('falls back to the one fingerprint of each SDP where the browser has no certificate stats', async () => {
		const noCertificates = [{ id: 'T01', type: 'transport', dtlsState: 'connected' }];
		expect(await readDtlsFingerprints(connection(noCertificates, sdp(LOCAL), sdp(REMOTE)))).toEqual({
			local: `sha-256 ${LOCAL}`,
			remote: `sha-256 ${REMOTE}`
		});
	});

	it('refuses, in that fallback, an SDP that names more than one fingerprint, or none', async () => {
		const noCertificates: object[] = [];
		for (const [local, remote] of [
			[sdp(LOCAL), sdp(REMOTE, OTHER)],
			[sdp(LOCAL, OTHER), sdp(REMOTE)],
			[`a=fingerprint:sha-256 ${OTHER}\r\n${sdp(LOCAL)}`, sdp(REMOTE)],
			[sdp(LOCAL), sdp()]
		] as const) {
			expect(await readDtlsFingerprints(connection(noCertificates, local, remote))).toBeNull();
		}
	});
});
