import type { ConnectionRoute } from '../webrtc/connection-route';
import type { LinkFailure, LinkState } from '../webrtc/peer-link';

/**
 * Why a peer is marked failed: its link's reason, stuck after every retry, a protocol violation,
 * a name another device in the room has, a browser that can't connect device to device, or a code
 * room's pair that did not prove the same code.
 */
export type PeerFailure = LinkFailure | 'stuck' | 'hostile' | 'name-clash' | 'no-webrtc' | 'wrong-code';

/** Another device in the room, as the screen shows it. The connection behind it is `PeerConnection`. */
export class Peer {
	readonly id: string;
	/**
	 * What the server listed while connecting; once ready, only what the device said over the
	 * verified channel (the server can't swap names between devices).
	 */
	name = $state('');
	state = $state<LinkState>('connecting');
	failure = $state<PeerFailure | null>(null);
	/**
	 * A peer that was ready lost its link, and it is being brought back (an ICE restart, then
	 * fresh links): the screen says "reconnecting", not "failed", until it is ready or given up.
	 */
	reconnecting = $state(false);
	/** Both screens show the same code only if nobody sits in the middle. */
	safetyCode = $state<string | null>(null);
	/** Direct or through a TURN relay, read from the connection's stats once it is ready. */
	route = $state<ConnectionRoute | null>(null);
	/** The safety code the person here confirmed as the same on both screens. */
	confirmedHere = $state<string | null>(null);
	/** The safety code the other device's person confirmed, as it said on the verified channel. */
	confirmedThere = $state<string | null>(null);
	/**
	 * Both people confirmed the code now on screen. A new link brings a new code, and a code
	 * confirmed on an old link vouches for nothing on it.
	 */
	codesConfirmed = $derived(
		this.safetyCode !== null &&
			this.confirmedHere === this.safetyCode &&
			this.confirmedThere === this.safetyCode
	);

	constructor(id: string, name: string) {
		this.id = id;
		this.name = name;
	}
}
