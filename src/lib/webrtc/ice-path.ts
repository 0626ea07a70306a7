import type SimplePeer from 'simple-peer';
import type { LinkPath } from '../peers/link-port';

function iceLost(pc: RTCPeerConnection): boolean {
	return pc.iceConnectionState === 'failed' || pc.iceConnectionState === 'disconnected';
}

/**
 * Tells when the path under an open link goes away (ICE disconnected or failed) and when it comes
 * back. simple-peer would end the connection when ICE fails; an open link is kept instead, so an
 * ICE restart (`restartIce`) can bring its path back with the same DTLS session, data channel and
 * safety code. The room decides when to give it up (`peers/link-recovery.ts`).
 */
export function watchIcePath(
	peer: SimplePeer,
	isOpen: () => boolean,
	onPath: (path: LinkPath) => void
): void {
	const pc = peer._pc;
	let lost = false;
	const changed = (ice: string) => {
		if (!isOpen()) return;
		if ((ice === 'disconnected' || ice === 'failed') && !lost) {
			lost = true;
			onPath('interrupted');
		} else if ((ice === 'connected' || ice === 'completed') && lost) {
			lost = false;
			onPath('restored');
		}
	};
	for (const key of ['oniceconnectionstatechange', 'onconnectionstatechange'] as const) {
		const original = pc[key];
		pc[key] = (e: Event) => {
			const failed = pc.iceConnectionState === 'failed' || pc.connectionState === 'failed';
			if (failed && iceLost(pc) && isOpen()) return changed('failed');
			original?.call(pc, e);
		};
	}
	peer.on('iceStateChange', (ice) => changed(ice));
}

/** New ICE credentials on the same connection: simple-peer makes and signals the new offer. */
export function restartIce(peer: SimplePeer): void {
	try {
		peer._pc.restartIce();
		peer.negotiate();
	} catch {
		// A connection closing under us: it reports that itself.
	}
}
