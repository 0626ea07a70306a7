import type { DtlsFingerprints, SafetyContext } from '../crypto/safety-code';
import type { LinkPort } from './link-port';
import type { PeerConnection } from './peer-connection';
import { nameTaken } from './peer-naming';
import type { PeerFailure } from './peer.svelte';

export interface VerifyLinkOptions {
	context: SafetyContext;
	/** This device's name as it stands when the exchange reveals. */
	selfName: () => string;
	/** Every peer in the room, for the name rule. */
	all: () => PeerConnection[];
	fail: (failure: PeerFailure) => void;
	/** The peer is ready: drops can go. */
	ready: () => void;
}

/**
 * The safety exchange on a freshly opened link, and what its verdict makes of the peer: ready
 * with its code, under a name no other device here has, and with the certificates its code was
 * checked against kept (a path that comes back must still carry them, `path-recovery.ts`).
 */
export function verifyLink(conn: PeerConnection, link: LinkPort, o: VerifyLinkOptions): void {
	conn.verify(link, {
		context: o.context,
		selfName: o.selfName,
		verified: (code, name, fingerprints) => verified(conn, link, { code, name, fingerprints }, o),
		failed: () => o.fail('unverified')
	});
}

function verified(
	conn: PeerConnection,
	link: LinkPort,
	v: { code: string; name: string; fingerprints: DtlsFingerprints },
	o: VerifyLinkOptions
): void {
	if (conn.link !== link || !conn.opened(link)) return;
	// Two devices called alike can't be told apart in a receipt or a watermark.
	conn.peer.name = v.name;
	if (nameTaken(conn, v.name, o.all(), o.selfName())) return o.fail('name-clash');
	conn.verifiedFingerprints = v.fingerprints;
	conn.verifiedName = true;
	conn.peer.safetyCode = v.code;
	conn.peer.state = 'ready';
	conn.peer.reconnecting = false;
	void link.readRoute().then((route) => {
		if (conn.link === link) conn.peer.route = route;
	});
	o.ready();
}
