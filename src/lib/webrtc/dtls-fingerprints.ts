import type { DtlsFingerprints } from '../crypto/safety-code';
import { statsById, text, type Stat } from './stats-report';

function normalised(algorithm: string, hex: string): string {
	return `${algorithm.toLowerCase()} ${hex.toUpperCase()}`;
}

function certificateFingerprint(stat: Stat | undefined): string | null {
	const algorithm = text(stat, 'fingerprintAlgorithm');
	const hex = text(stat, 'fingerprint');
	return algorithm && hex && /^[0-9A-Fa-f:]+$/.test(hex) ? normalised(algorithm, hex) : null;
}

/**
 * The certificates of the connected DTLS transport (`RTCCertificateStats`), as the browser
 * checked them: null while DTLS is not up; 'unsupported' where the browser reports no
 * certificates at all.
 */
function fingerprintsFromStats(report: Iterable<unknown>): DtlsFingerprints | null | 'unsupported' {
	const byId = statsById(report);
	const stats = [...byId.values()];
	const named = stats.filter((s) => s.type === 'transport' && text(s, 'localCertificateId'));
	if (named.length === 0 && !stats.some((s) => s.type === 'certificate')) return 'unsupported';
	const connected = named.filter((s) => s.dtlsState === 'connected');
	// One data channel, bundled: one transport. More would leave it open which one carries it.
	if (connected.length !== 1) return null;
	const transport = connected[0]!;
	const local = certificateFingerprint(byId.get(text(transport, 'localCertificateId') ?? ''));
	const remote = certificateFingerprint(byId.get(text(transport, 'remoteCertificateId') ?? ''));
	return local && remote ? { local, remote } : null;
}

/** The one fingerprint an SDP names; null when it names none, or several (which one would count?). */
function soleSdpFingerprint(sdp: string | undefined): string | null {
	const found = new Set<string>();
	for (const m of (sdp ?? '').matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) {
		found.add(normalised(m[1]!, m[2]!));
	}
	return found.size === 1 ? [...found][0]! : null;
}

export type FingerprintSource = Pick<
	RTCPeerConnection,
	'getStats' | 'localDescription' | 'remoteDescription'
>;

/**
 * Both ends' DTLS certificate fingerprints, for the safety code: from the transport's stats,
 * which name the certificates DTLS really used, whatever else the SDP says. A browser without
 * certificate stats (Firefox, at the time of writing) falls back to the SDP, and only when each
 * side names exactly one fingerprint, which the browser then checked the certificate against.
 */
export async function readDtlsFingerprints(pc: FingerprintSource): Promise<DtlsFingerprints | null> {
	let fromStats: DtlsFingerprints | null | 'unsupported';
	try {
		fromStats = fingerprintsFromStats((await pc.getStats()).values());
	} catch {
		fromStats = 'unsupported';
	}
	if (fromStats !== 'unsupported') return fromStats;
	const local = soleSdpFingerprint(pc.localDescription?.sdp);
	const remote = soleSdpFingerprint(pc.remoteDescription?.sdp);
	return local && remote ? { local, remote } : null;
}
