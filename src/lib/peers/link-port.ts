import type { DtlsFingerprints } from '../crypto/safety-code';
import type { WritableChannel } from '../drops/channel-writer';
import type { LinkRole, SignalEnvelope } from '../protocol/signal-envelope';
import type { IceServerConfig } from '../protocol/signaling-messages';
import type { ConnectionRoute } from '../webrtc/connection-route';
import type { LinkFailure, LinkState } from '../webrtc/peer-link';

/** What the room core needs from one connection to one peer: `PeerLink` in the app, a fake in tests. */
export interface LinkPort {
	readonly role: LinkRole;
	readonly state: LinkState;
	/** The open data channel, once ready. */
	readonly channel: WritableChannel | null;
	/** Both ends' DTLS certificate fingerprints, for the safety code; null when it can't tell. */
	fingerprints(): Promise<DtlsFingerprints | null>;
	/** Direct or relayed, from the connection's stats; null when it can't tell. */
	readRoute(): Promise<ConnectionRoute | null>;
	/** Feeds a relayed signal; 'new-link' asks for a fresh responder link to answer it. */
	receive(data: unknown): 'taken' | 'dropped' | 'new-link';
	/** A new ICE negotiation on this open link (the side that offered only; a no-op on the other). */
	restartIce(): void;
	close(): void;
}

export interface LinkOptions {
	selfId: string;
	peerId: string;
	roomId: string;
	/** Seals and opens this room's signals (`signalSealKey`). */
	signalKey: Uint8Array;
	role: LinkRole;
	iceServers: IceServerConfig[];
	/**
	 * The link ids used with this peer (the newest 64, `RecentLinkIds`), shared by its successive
	 * links: each link adds its own, and a relayed offer can never reopen one of them.
	 */
	usedLinks: { has(linkId: string): boolean; add(linkId: string): void };
	sendSignal: (to: string, envelope: SignalEnvelope) => void;
	onState: (state: LinkState, failure?: LinkFailure) => void;
	/** The path under the open link went away, or came back (see `link-recovery.ts`). */
	onPath?: (path: LinkPath) => void;
	onText: (text: string) => void;
	onBinary: (data: ArrayBuffer) => void;
}

export type LinkPath = 'interrupted' | 'restored';

export type CreateLink = (options: LinkOptions) => LinkPort;

/** The server handed out a TURN relay: a peer still unreachable is blocked even from that. */
export function offersRelay(iceServers: readonly IceServerConfig[]): boolean {
	return iceServers.some((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]).some((u) => /^turns?:/i.test(u)));
}
