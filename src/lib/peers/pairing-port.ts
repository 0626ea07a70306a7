import type { LinkRole } from '../protocol/signal-envelope';
import type { Clock } from '../time/clock';

/**
 * A key agreed between this device and one peer before any WebRTC signal goes between them, in
 * rooms where the room has no secret of its own that both hold (a code room: `code-room/`).
 * `PeerLinks` then seals that pair's signals and keys its safety code with the pair's key,
 * exactly as a private room's secret does for all of them.
 */
export interface PairingPort {
	/** Starts (initiator) or awaits (responder) the exchange; `done` once: the key, or null on failure. */
	begin(peerId: string, role: LinkRole, done: (key: Uint8Array | null) => void): void;
	/** A relayed signal that belongs to the exchange: taken (true), else left for the link. */
	take(peerId: string, data: unknown): boolean;
	/** The peer left: whatever was under way with it is dropped. */
	end(peerId: string): void;
}

/** What a pairing needs of the room around it. */
export interface PairingHost {
	selfId(): string;
	/** Sends a message of the exchange to a peer, as a signal through the server. */
	send(to: string, data: unknown): void;
	clock: Clock;
	/** An exchange failed: the server is told (it counts them per room). */
	failed(peerId: string): void;
	/** This tab saw as many failed exchanges as a room allows: it leaves. */
	exhausted(): void;
}

/** Made by the room page, which loads the PAKE only for a room that needs it. */
export type PairingFactory = (host: PairingHost) => PairingPort;
