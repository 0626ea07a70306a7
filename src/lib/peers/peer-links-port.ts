import type { RoomKeys } from '../crypto/room-keys';
import type { SignalEnvelope } from '../protocol/signal-envelope';
import type { IceServerConfig } from '../protocol/signaling-messages';
import type { Clock } from '../time/clock';
import type { CreateLink } from './link-port';
import type { PairingPort } from './pairing-port';
import type { PeerConnection } from './peer-connection';
import type { Peer } from './peer.svelte';

/** What happens to the peers, for the rest of the room to act on. */
export interface PeerLinkEvents {
	/** A new device to show. */
	added(peer: Peer): void;
	/** The device left the room; its connection is already closed. */
	removed(conn: PeerConnection): void;
	/** The data channel is open and the peer passed the safety exchange: drops can go. */
	ready(conn: PeerConnection): void;
	/** The link went down while the peer stays in the room: what was on its way fails. */
	linkDown(conn: PeerConnection): void;
	/** Given up on for good (unverified, stuck, hostile): nothing more goes to it. */
	failed(conn: PeerConnection): void;
	text(conn: PeerConnection, text: string): void;
	binary(conn: PeerConnection, data: ArrayBuffer): void;
	alert(text: string): void;
}

/** What `PeerLinks` needs of the room: who this device is, its keys, its wires. */
export interface PeerLinksOptions {
	selfId: string;
	/** This device's name, as it tells it to each peer when they verify each other. */
	selfName: string;
	/** The browser has WebRTC (see `RoomDeps.webrtc`). */
	webrtc: boolean;
	keys: RoomKeys;
	clock: Clock;
	createLink: CreateLink;
	sendSignal: (to: string, envelope: SignalEnvelope) => void;
	/** The ICE servers the signaling server handed out with the last `peers`. */
	iceServers: () => IceServerConfig[];
	events: PeerLinkEvents;
	/**
	 * A code room: each pair agrees a key first, which then seals its signals and keys its safety
	 * code instead of the room's (the room has none that both hold).
	 */
	pairing?: PairingPort;
}
