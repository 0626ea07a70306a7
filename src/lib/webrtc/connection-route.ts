import { statsById, text } from './stats-report';

/** How the bytes to one peer travel: straight between the devices, or through a TURN relay. */
export type ConnectionRoute = 'direct' | 'relayed';

/**
 * Reads the route from a `getStats()` report: the selected candidate pair (named by the
 * transport, or flagged on the pair itself), and whether either end of it is a relay candidate.
 * Null while no pair is selected.
 */
export function routeFromStats(report: Iterable<unknown>): ConnectionRoute | null {
	const byId = statsById(report);
	const stats = [...byId.values()];
	const selectedId = stats
		.map((s) => (s.type === 'transport' ? text(s, 'selectedCandidatePairId') : undefined))
		.find(Boolean);
	const pair =
		(selectedId ? byId.get(selectedId) : undefined) ??
		stats.find((s) => s.type === 'candidate-pair' && s.selected === true) ??
		stats.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
	if (!pair) return null;
	const ends = [text(pair, 'localCandidateId'), text(pair, 'remoteCandidateId')].map((id) =>
		id ? byId.get(id) : undefined
	);
	if (ends.some((c) => c === undefined)) return null;
	return ends.some((c) => text(c, 'candidateType') === 'relay') ? 'relayed' : 'direct';
}

/** The route of a live connection, or null if the browser can't tell yet. */
export async function readConnectionRoute(pc: RTCPeerConnection): Promise<ConnectionRoute | null> {
	try {
		const report = await pc.getStats();
		return routeFromStats(report.values());
	} catch {
		return null;
	}
}
