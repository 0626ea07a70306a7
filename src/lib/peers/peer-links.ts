import { randomToken } from '../crypto/base64url';
import type { RoomKeys } from '../crypto/room-keys';
import { safetyCodeKey } from '../crypto/safety-code';
import { sealSignal, signalSealKey } from '../crypto/signal-auth';
import type { LinkRole, SignalEnvelope } from '../protocol/signal-envelope';
import { isConfusable } from '../protocol/name-fold';
import type { IceServerConfig, PeerInfo } from '../protocol/signaling-messages';
import { linkFailureText } from '../text/user-messages';
import type { Clock } from '../time/clock';
import type { LinkFailure, LinkState } from '../webrtc/peer-link';
import { offersRelay, type CreateLink, type LinkPort } from './link-port';
import { Peer, type PeerFailure } from './peer.svelte';
import { PeerConnection } from './peer-connection';
import type { PairingPort } from './pairing-port';

/** A peer still connecting after this long is probably on a network that blocks peer-to-peer. */
export const STUCK_AFTER_MS = 15_000;
/** Stuck or failed attempts to reach one peer before it is marked failed (about a minute). */
export const MAX_LINK_ATTEMPTS = 4;
/** The wait before the side that offered tries again, times the attempt number. */
export const RETRY_DELAY_MS = 1_000;

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

/**
 * The connection policy for every other device in the room: who offers, when a connection counts
 * as stuck, how often it is retried, and when a peer is given up on.
 */
export class PeerLinks {
	readonly #o: PeerLinksOptions;
	readonly #conns = new Map<string, PeerConnection>();
	readonly #signalKey: Uint8Array;
	readonly #safetyKey: Uint8Array;

	constructor(options: PeerLinksOptions) {
		this.#o = options;
		this.#signalKey = signalSealKey(options.keys);
		this.#safetyKey = safetyCodeKey(options.keys);
	}

	get(id: string): PeerConnection | undefined {
		return this.#conns.get(id);
	}

	all(): PeerConnection[] {
		return [...this.#conns.values()];
	}

	/** The server's list of who is in the room, on every (re)join. */
	onPeerList(list: readonly PeerInfo[]): void {
		const ids = new Set(list.map((p) => p.id));
		for (const conn of this.all()) {
			if (!ids.has(conn.id) && conn.peer.state !== 'ready') this.#remove(conn);
		}
		for (const info of list) {
			const known = this.#conns.get(info.id);
			if (known && (known.peer.state === 'ready' || known.peer.state === 'connecting')) {
				this.#serverNamed(known, info.name);
				continue;
			}
			if (known) this.#remove(known);
			// The newcomer starts every connection, so two offers never cross.
			this.#add(info, 'initiator');
		}
	}

	onPeerJoined(info: PeerInfo): void {
		const known = this.#conns.get(info.id);
		if (known && known.peer.state === 'ready') this.#serverNamed(known, info.name);
		else this.#add(info, 'responder');
	}

	/**
	 * The server is the authority on who is in the room. (When the server itself goes away it
	 * announces nothing, and open connections carry on.)
	 */
	onPeerLeft(id: string): void {
		const conn = this.#conns.get(id);
		if (conn) this.#remove(conn);
	}

	onRenamed(id: string, name: string): void {
		const conn = this.#conns.get(id);
		if (conn) this.#serverNamed(conn, name);
	}

	/**
	 * A ready peer's new name, said over its verified channel. A name another device here already
	 * has is not taken: the peer keeps the one it had (the server refuses such a rename anyway).
	 */
	onChannelName(conn: PeerConnection, name: string): void {
		if (conn.peer.state === 'ready' && !this.#nameTaken(conn, name)) conn.peer.name = name;
	}

	/** The server's word on a name counts only until the peer is verified and says its own. */
	#serverNamed(conn: PeerConnection, name: string): void {
		if (!conn.verifiedName) conn.peer.name = name;
	}

	#nameTaken(conn: PeerConnection, name: string): boolean {
		const others = this.all()
			.filter((c) => c !== conn && c.peer.state !== 'failed')
			.map((c) => c.peer.name);
		return isConfusable(name, [this.#o.selfName, ...others]);
	}

	onSignal(from: string, data: unknown): void {
		const conn = this.#conns.get(from);
		// A device caught lying or tampering gets no second chance, and one given up on after
		// every retry stays failed: both sides start afresh only when one of them rejoins.
		if (!conn || conn.peer.state === 'failed') return;
		const pairing = this.#o.pairing;
		if (pairing?.take(from, data)) return;
		// Until the pair has its key, no signal of the peer's can be opened.
		if (pairing && !conn.keys) return;
		if (!conn.link) this.#connect(conn, 'responder');
		if (conn.link?.receive(data) === 'new-link') {
			// The peer started over (its side failed, or both offered at once and it won).
			this.#connect(conn, 'responder');
			conn.link?.receive(data);
		}
	}

	/** Gives up on a peer: it stays listed as failed, and nothing more goes to it. */
	fail(conn: PeerConnection, failure: PeerFailure, { alert = true } = {}): void {
		const peer = conn.peer;
		if (peer.state === 'failed') return;
		peer.state = 'failed';
		peer.failure = failure;
		if (alert) this.#o.events.alert(linkFailureText(peer.name, failure));
		conn.disconnect();
		this.#o.events.failed(conn);
	}

	/** Leaving the room: every connection closes. */
	stop(): void {
		for (const conn of this.#conns.values()) conn.disconnect();
		this.#conns.clear();
	}

	#add(info: PeerInfo, role: LinkRole): void {
		const existing = this.#conns.get(info.id);
		if (existing) this.#remove(existing);
		const conn = new PeerConnection(new Peer(info.id, info.name), this.#o.clock);
		this.#conns.set(info.id, conn);
		this.#o.events.added(conn.peer);
		if (this.#o.pairing) this.#pair(conn, role, this.#o.pairing);
		else this.#connect(conn, role);
	}

	/** The pair agrees its key first; then the newcomer offers, as in any room. */
	#pair(conn: PeerConnection, role: LinkRole, pairing: PairingPort): void {
		conn.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(conn));
		pairing.begin(conn.id, role, (key) => {
			if (!this.#current(conn)) return key?.fill(0);
			if (!key) return this.fail(conn, 'wrong-code');
			const pairKeys = { macKey: key };
			conn.keys = { signalKey: signalSealKey(pairKeys), safetyKey: safetyCodeKey(pairKeys) };
			key.fill(0);
			if (role === 'initiator') this.#connect(conn, 'initiator');
		});
	}

	#remove(conn: PeerConnection): void {
		this.#o.pairing?.end(conn.id);
		conn.disconnect();
		if (this.#conns.get(conn.id) === conn) this.#conns.delete(conn.id);
		this.#o.events.removed(conn);
	}

	#current(conn: PeerConnection): boolean {
		return this.#conns.get(conn.id) === conn;
	}

	/** Starts a fresh connection to the peer, dropping whatever the last one carried. */
	#connect(conn: PeerConnection, role: LinkRole): void {
		this.#dropLink(conn);
		conn.peer.failure = null;
		try {
			conn.link = this.#createLink(conn, role);
		} catch {
			// No WebRTC here, or it is turned off: say so to the peer too, so it does not wait.
			return this.#cannotConnect(conn, role);
		}
		conn.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(conn));
	}

	#cannotConnect(conn: PeerConnection, role: LinkRole): void {
		const o = this.#o;
		const ctx = { key: this.#signalKey, roomId: o.keys.roomId, from: o.selfId, to: conn.id };
		o.sendSignal(
			conn.id,
			sealSignal(ctx, { link: randomToken(16), seq: 0, role, signal: { type: 'unsupported' } })
		);
		// A page that knew before joining already says so, once, for every peer.
		this.fail(conn, 'no-webrtc', { alert: o.webrtc });
	}

	/** Closes the connection but keeps the peer: what it holds stays, what was on the way fails. */
	#dropLink(conn: PeerConnection): void {
		conn.disconnect();
		conn.peer.state = 'connecting';
		this.#o.events.linkDown(conn);
	}

	/**
	 * Still connecting after `STUCK_AFTER_MS`: say why once, and keep trying for a while. The side
	 * that offered starts over with a fresh link; the other waits for that offer.
	 */
	#onStuck(conn: PeerConnection): void {
		if (!this.#current(conn) || conn.peer.state !== 'connecting') return;
		if (!conn.stuckReported) {
			conn.stuckReported = true;
			const relayConfigured = offersRelay(this.#o.iceServers());
			this.#o.events.alert(linkFailureText(conn.peer.name, 'stuck', { relayConfigured }));
		}
		conn.attempts++;
		if (conn.attempts >= MAX_LINK_ATTEMPTS) return this.fail(conn, 'stuck', { alert: false });
		if (conn.link?.role === 'initiator') this.#connect(conn, 'initiator');
		else conn.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(conn));
	}

	/** The connection failed or closed while the server still lists the peer: try again. */
	#reconnect(conn: PeerConnection, role: LinkRole, failure: LinkFailure): void {
		conn.attempts++;
		if (conn.attempts >= MAX_LINK_ATTEMPTS) return this.fail(conn, failure);
		if (role === 'responder') return this.#connect(conn, 'responder');
		this.#dropLink(conn);
		conn.retryAfter(RETRY_DELAY_MS * conn.attempts, () => {
			if (this.#current(conn) && !conn.link) this.#connect(conn, 'initiator');
		});
	}

	#createLink(conn: PeerConnection, role: LinkRole): LinkPort {
		const o = this.#o;
		const link: LinkPort = o.createLink({
			selfId: o.selfId,
			peerId: conn.id,
			roomId: o.keys.roomId,
			signalKey: conn.keys?.signalKey ?? this.#signalKey,
			role,
			iceServers: o.iceServers(),
			usedLinks: conn.usedLinks,
			sendSignal: o.sendSignal,
			onState: (state, failure) => {
				if (conn.link === link) this.#onLinkState(conn, link, state, failure);
			},
			onText: (text) => o.events.text(conn, text),
			onBinary: (data) => o.events.binary(conn, data)
		});
		return link;
	}

	#onLinkState(conn: PeerConnection, link: LinkPort, state: LinkState, failure?: LinkFailure): void {
		if (!this.#current(conn)) return;
		if (state === 'ready') this.#verify(conn, link);
		else if (state === 'failed' && (failure === 'unverified' || failure === 'peer-no-webrtc'))
			this.fail(conn, failure);
		// A peer that really left is removed when the server says so (peer-left).
		else if (state === 'failed' || state === 'closed')
			this.#reconnect(conn, link.role, failure ?? 'connection-failed');
	}

	/** The data channel is open; the peer is ready once the safety exchange on it completes. */
	#verify(conn: PeerConnection, link: LinkPort): void {
		const o = this.#o;
		conn.verify(link, {
			context: {
				key: conn.keys?.safetyKey ?? this.#safetyKey,
				roomId: o.keys.roomId,
				selfId: o.selfId,
				peerId: conn.id
			},
			selfName: () => o.selfName,
			verified: (code, name) => this.#onVerified(conn, link, code, name),
			failed: () => this.fail(conn, 'unverified')
		});
	}

	#onVerified(conn: PeerConnection, link: LinkPort, code: string, name: string): void {
		if (conn.link !== link || !conn.opened(link)) return;
		// Two devices called alike can't be told apart in a receipt or a watermark.
		conn.peer.name = name;
		if (this.#nameTaken(conn, name)) return this.fail(conn, 'name-clash');
		conn.verifiedName = true;
		conn.peer.safetyCode = code;
		conn.peer.state = 'ready';
		void link.readRoute().then((route) => {
			if (conn.link === link) conn.peer.route = route;
		});
		this.#o.events.ready(conn);
	}
}
