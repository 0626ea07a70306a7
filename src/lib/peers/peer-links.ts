import type { LinkRole } from '../protocol/signal-envelope';
import type { PeerInfo } from '../protocol/signaling-messages';
import { linkFailureText } from '../text/user-messages';
import type { LinkFailure, LinkState } from '../webrtc/peer-link';
import { LinkKeys } from './link-keys';
import { offersRelay, type LinkPort } from './link-port';
import { afterLinkLost, afterLinkState, afterStuck, STUCK_AFTER_MS, type NextAttempt } from './link-policy';
import { channelRenamed, serverNamed } from './peer-naming';
import { verifyLink } from './peer-ready';
import { Peer, type PeerFailure } from './peer.svelte';
import { PeerConnection } from './peer-connection';
import { PathRecovery } from './path-recovery';
import type { PeerLinksOptions } from './peer-links-port';
import type { PairingPort } from './pairing-port';

/**
 * Every other device in the room, connected: who offers, and the connection policy
 * (`link-policy.ts`: when a connection counts as stuck, how often it is retried, when a peer is
 * given up on) and naming rules (`peer-naming.ts`) carried out.
 */
export class PeerLinks {
	readonly #o: PeerLinksOptions;
	readonly #conns = new Map<string, PeerConnection>();
	readonly #keys: LinkKeys;
	readonly #recovery: PathRecovery;

	constructor(options: PeerLinksOptions) {
		this.#o = options;
		this.#keys = new LinkKeys(options);
		this.#recovery = new PathRecovery({
			clock: options.clock,
			newLink: (conn, link) =>
				this.#reconnect(conn, afterLinkLost(++conn.attempts, link.role), 'connection-failed'),
			unverified: (conn) => this.fail(conn, 'unverified')
		});
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
				serverNamed(known, info.name);
				continue;
			}
			if (known) this.#remove(known);
			// The newcomer starts every connection, so two offers never cross.
			this.#add(info, 'initiator');
		}
	}

	onPeerJoined(info: PeerInfo): void {
		const known = this.#conns.get(info.id);
		if (known && known.peer.state === 'ready') serverNamed(known, info.name);
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
		if (conn) serverNamed(conn, name);
	}

	/** A ready peer's new name, said over its verified channel (see `channelRenamed`). */
	onChannelName(conn: PeerConnection, name: string): void {
		channelRenamed(conn, name, this.all(), this.#o.selfName);
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
		peer.reconnecting = false;
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
			conn.keys = LinkKeys.ofPair(key);
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
		this.#o.sendSignal(conn.id, this.#keys.unsupported(conn, role));
		// A page that knew before joining already says so, once, for every peer.
		this.fail(conn, 'no-webrtc', { alert: this.#o.webrtc });
	}

	/** Closes the connection but keeps the peer: what it holds stays, what was on the way fails. */
	#dropLink(conn: PeerConnection): void {
		conn.disconnect();
		conn.peer.state = 'connecting';
		this.#o.events.linkDown(conn);
	}

	/** Still connecting after `STUCK_AFTER_MS`: say why once, and keep trying for a while. */
	#onStuck(conn: PeerConnection): void {
		if (!this.#current(conn) || conn.peer.state !== 'connecting') return;
		if (!conn.stuckReported) {
			conn.stuckReported = true;
			const relayConfigured = offersRelay(this.#o.iceServers());
			this.#o.events.alert(linkFailureText(conn.peer.name, 'stuck', { relayConfigured }));
		}
		const next = afterStuck(++conn.attempts, conn.link?.role);
		if (next.do === 'give-up') return this.fail(conn, 'stuck', { alert: false });
		if (next.do === 'offer') this.#connect(conn, 'initiator');
		else conn.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(conn));
	}

	/** The connection failed or closed while the server still lists the peer: try again. */
	#reconnect(conn: PeerConnection, next: NextAttempt, failure: LinkFailure): void {
		if (next.do === 'give-up') return this.fail(conn, failure);
		// A peer that was ready is being brought back, not given up on.
		if (conn.peer.state === 'ready') conn.peer.reconnecting = true;
		if (next.do === 'await-offer') return this.#connect(conn, 'responder');
		this.#dropLink(conn);
		conn.retryAfter(next.afterMs, () => {
			if (this.#current(conn) && !conn.link) this.#connect(conn, 'initiator');
		});
	}

	#createLink(conn: PeerConnection, role: LinkRole): LinkPort {
		const o = this.#o;
		const link: LinkPort = o.createLink({
			selfId: o.selfId,
			peerId: conn.id,
			roomId: o.keys.roomId,
			signalKey: this.#keys.signalKey(conn),
			role,
			iceServers: o.iceServers(),
			usedLinks: conn.usedLinks,
			sendSignal: o.sendSignal,
			onState: (state, failure) => {
				if (conn.link === link) this.#onLinkState(conn, link, state, failure);
			},
			onPath: (path) => this.#recovery.onPath(conn, link, path),
			onText: (text) => o.events.text(conn, text),
			onBinary: (data) => o.events.binary(conn, data)
		});
		return link;
	}

	#onLinkState(conn: PeerConnection, link: LinkPort, state: LinkState, failure?: LinkFailure): void {
		if (!this.#current(conn)) return;
		const step = afterLinkState(state, failure);
		if (step.do === 'verify') this.#verify(conn, link);
		else if (step.do === 'fail') this.fail(conn, step.failure);
		else if (step.do === 'retry')
			this.#reconnect(conn, afterLinkLost(++conn.attempts, link.role), step.failure);
	}

	/** The data channel is open; the peer is ready once the safety exchange on it completes. */
	#verify(conn: PeerConnection, link: LinkPort): void {
		verifyLink(conn, link, {
			context: this.#keys.safetyContext(conn),
			selfName: () => this.#o.selfName,
			all: () => this.all(),
			fail: (failure) => this.fail(conn, failure),
			ready: () => this.#o.events.ready(conn)
		});
	}
}
