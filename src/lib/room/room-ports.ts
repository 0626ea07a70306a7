import type { RoomKeys } from '../crypto/room-keys';
import type { Preparation } from '../drops/preparation';
import type { SendOptions } from '../drops/send-options';
import type { CreateLink } from '../peers/link-port';
import type { PairingFactory } from '../peers/pairing-port';
import type { ClientMessage, RoomRef } from '../protocol/signaling-messages';
import type { SignalingHandlers } from '../signaling/signaling-client';
import type { Clock } from '../time/clock';
import type { DropCode } from './drops-on-demand';

/** The connection to the signaling server, as the room needs it. */
export interface SignalingPort {
	send(m: ClientMessage): boolean;
	/** Sends the join again on the open socket, after the server refused the last one. */
	rejoin(): void;
	close(): void;
}

/** Everything a room talks to outside itself: real ones in the app, fakes in unit tests. */
export interface RoomDeps {
	/** Opens the signaling connection; it joins (and rejoins) with `handlers.join()`. */
	connectSignaling: (handlers: SignalingHandlers) => SignalingPort;
	createLink: CreateLink;
	/** The browser has WebRTC at all (`RTCPeerConnection`): without it no device can be reached. */
	webrtc: boolean;
	clock: Clock;
	preparation: Preparation;
	/** The sender's choices, kept in this tab between drops. */
	savedOptions: { load(): SendOptions; save(options: SendOptions): void };
	/** A fresh random id: peer ids, resume tokens and drop ids. */
	randomId: (bytes: number) => string;
	/** A friendly display name, for a generated name that clashes. */
	generateName: () => string;
	/** Called when a first peer is ready: fetch what sending will need. */
	warmUp: () => void;
	/** The drop code (`room-drop-parts.ts`), on the first drop: a dynamic import in the page. */
	loadDrops: () => DropCode | Promise<DropCode>;
}

/** What a room page is: which room, its keys, and how this tab comes into it. */
export interface RoomSessionOptions {
	room: RoomRef;
	keys: RoomKeys;
	/** Public and code rooms: this tab makes the room. */
	create: boolean;
	selfName: string;
	/**
	 * The secret itself vouches for nobody (a nearby pairing agreed it through the server):
	 * peers are verified only once both people confirm their safety codes match.
	 */
	confirmByCodes?: boolean;
	/** A code room: each pair of devices agrees a key from the code first (`code-room/`). */
	pairing?: PairingFactory;
}
