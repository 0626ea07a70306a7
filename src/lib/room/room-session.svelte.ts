import type { RoomKeys } from '../crypto/room-keys';
import { DropHistory } from '../drops/drop-history.svelte';
import type { DropReceiver } from '../drops/drop-receiver';
import type { DropSender } from '../drops/drop-sender';
import type { OutgoingDrop } from '../drops/outgoing-drop.svelte';
import type { SendOptions } from '../drops/send-options';
import type { PreparedPhoto } from '../image/prepared-photo';
import { PeerChannel } from '../peers/peer-channel';
import type { PeerLinks } from '../peers/peer-links';
import type { PairingFactory, PairingPort } from '../peers/pairing-port';
import type { Peer } from '../peers/peer.svelte';
import { isConfusable } from '../protocol/name-fold';
import type { PeerMessage } from '../protocol/peer-messages';
import type { IceServerConfig, RoomRef, ServerMessage } from '../protocol/signaling-messages';
import type { SignalingStatus } from '../signaling/signaling-client';
import { NO_WEBRTC_TEXT, SERVER_ERRORS } from '../text/user-messages';
import { Alerts } from './alerts.svelte';
import { freeName } from './name-clash';
import { RoomMembership } from './room-membership';
import type { RoomDeps, SignalingPort } from './room-ports';
import {
	makeDropReceiver,
	makeDropSender,
	makePeerLinks,
	type RoomDrop,
	type RoomWiring
} from './room-wiring';

export type { RoomDrop } from './room-wiring';

/** Ended drops still shown in full; older ones fold into the history line. */
const KEEP_ENDED_DROPS = 5;
/** How long links that carry a leaving sender's keys stay open for them to go out. */
const KEY_FLUSH_MS = 500;

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

/**
 * Everything one room page holds: the signaling connection, the other devices and the drops
 * going each way. It only wires up the pieces that hold the rules: `PeerLinks` (connecting,
 * retries), `PeerChannel` (what peers say, and who is hostile), `DropSender` and `DropReceiver`.
 */
export class RoomSession {
	readonly room: RoomRef;
	readonly keys: RoomKeys;
	/** Holding the room's secret proves a device is one of those the link was given to. */
	readonly secretVerifies: boolean;
	/** This tab's peer id, resume token and join; a fresh id after `id-taken`. */
	readonly #membership: RoomMembership;
	readonly #create: boolean;
	readonly #deps: RoomDeps;
	selfName = $state('');
	status = $state<SignalingStatus>('connecting');
	fatal = $state<string | null>(null);
	joined = $state(false);
	peers = $state<Peer[]>([]);
	drops = $state<RoomDrop[]>([]);
	lanUrls = $state<string[]>([]);
	/** The sender's choices, kept for the next drop. */
	options = $state<SendOptions>() as SendOptions;
	readonly alerts = new Alerts();
	/** The drops that are over, beyond the last few, as counts. */
	readonly history = new DropHistory();
	readonly #links: PeerLinks;
	readonly #sender: DropSender;
	readonly #receiver: DropReceiver;
	readonly #channel: PeerChannel;
	readonly #pairing: PairingPort | undefined;
	#iceServers: IceServerConfig[] = [];
	#signaling: SignalingPort | null = null;
	/** Stopped: nothing a peer says any more is taken. */
	#stopped = false;
	/** The person typed their name: it is never changed for them. */
	#nameChosen = false;

	constructor(opts: RoomSessionOptions, deps: RoomDeps) {
		this.room = opts.room;
		this.keys = opts.keys;
		this.secretVerifies = opts.keys.authenticated && opts.confirmByCodes !== true;
		this.#create = opts.create;
		this.#deps = deps;
		this.selfName = opts.selfName;
		this.#membership = new RoomMembership(opts.room, opts.keys, {
			randomId: deps.randomId,
			generateName: deps.generateName,
			rejoin: () => this.#signaling?.rejoin(),
			dropAllPeers: () => this.#links.all().forEach((conn) => this.#links.onPeerLeft(conn.id)),
			showName: (name) => this.#showName(name),
			alert: (text) => this.alerts.push(text),
			giveUp: (text) => (this.fatal = text)
		});
		this.options = deps.savedOptions.load();
		const wiring = this.#wiring();
		this.#sender = makeDropSender(wiring);
		this.#receiver = makeDropReceiver(wiring);
		this.#channel = new PeerChannel({
			sender: this.#sender,
			receiver: this.#receiver,
			hostile: (conn) => this.#links.fail(conn, 'hostile'),
			renamed: (conn, name) => this.#links.onChannelName(conn, name)
		});
		this.#pairing = opts.pairing?.({
			selfId: () => this.selfId,
			send: (to, data) => this.#signaling?.send({ type: 'signal', to, data }),
			clock: deps.clock,
			failed: (peer) => this.#signaling?.send({ type: 'code-failed', peer }),
			exhausted: () => this.#giveUp(SERVER_ERRORS['code-closed'])
		});
		this.#links = makePeerLinks(wiring);
	}

	get selfId(): string {
		return this.#membership.peerId;
	}

	readyPeers = $derived(this.peers.filter((p) => p.state === 'ready'));

	/** A photo is being prepared, sent or received: the page should stay open and awake. */
	busy = $derived(this.drops.some((d) => d.inFlight));

	start(): void {
		// It still joins, so that every device here is told why it can't reach this one.
		if (!this.#deps.webrtc) this.fatal = NO_WEBRTC_TEXT;
		this.#signaling = this.#deps.connectSignaling({
			// A rejoin after a server restart may find the room gone: it re-forms it.
			join: () => this.#membership.joinMessage(this.selfName, this.#create || this.joined),
			onMessage: (m) => this.#onServerMessage(m),
			onStatus: (s) => {
				this.status = s;
			},
			onFatal: (code) => {
				// A closed code room: the devices in it part too, and its members make a new code.
				if (code === 'code-closed') return this.#giveUp(SERVER_ERRORS[code]);
				this.fatal = code === 'closed' ? 'Disconnected.' : SERVER_ERRORS[code];
			}
		});
	}

	/**
	 * Leaving the room: each holder first gets the key of a view it was sure to get (see
	 * `DropSender.bequeath`); then every connection closes, every picture and key is wiped, and no
	 * timer stays. Links that carry keys close a moment later, once the keys are on their way.
	 */
	stop(): void {
		const keysSent = this.#stopped ? 0 : this.#sender.bequeath();
		this.#stopped = true;
		this.#signaling?.close();
		this.#signaling = null;
		this.#sender.stop();
		this.#receiver.stop();
		if (keysSent > 0) this.#deps.clock.setTimeout(() => this.#links.stop(), KEY_FLUSH_MS);
		else this.#links.stop();
		this.peers = [];
		this.wipeAll();
	}

	/** The page is going away (closed, reloaded): keys a holder was sure to get go first. */
	leave(): void {
		if (!this.#stopped) this.#sender.bequeath();
		this.wipeAll();
	}

	wipeAll(): void {
		for (const d of this.drops) {
			if (d.direction === 'in') d.dispose();
			else d.wipe();
		}
	}

	/** Ends every view on screen at once (the tab lost focus). */
	endAllViews(): void {
		for (const d of this.drops) if (d.direction === 'in') d.close();
	}

	rename(name: string): void {
		// Two devices called alike can't be told apart: the server would refuse it too.
		if (
			isConfusable(
				name,
				this.peers.map((p) => p.name)
			)
		)
			return this.alerts.push(SERVER_ERRORS['name-taken']);
		this.#nameChosen = true;
		this.#setName(name);
	}

	/** Sends a secret text as a drop with the current options; false when it is empty or too long. */
	sendText(text: string): boolean {
		const options = $state.snapshot(this.options) as SendOptions;
		this.#deps.savedOptions.save(options);
		return this.#sender.sendText(text, options);
	}

	sendFiles(files: readonly File[]): void {
		const options = $state.snapshot(this.options) as SendOptions;
		this.#deps.savedOptions.save(options);
		this.#sender.sendFiles(files, options);
	}

	/**
	 * A chosen photo made safe to open in the editor, as a drop would be (the same checks and
	 * limits, upright, no metadata, the chosen quality); its edited pixels are then sent with
	 * `sendFiles`. Null, with an alert, when it can't be prepared.
	 */
	async prepareForEditing(file: File, signal: AbortSignal): Promise<PreparedPhoto | null> {
		try {
			return await this.#deps.preparation.prepare(file, this.options.quality, () => {}, signal);
		} catch (e) {
			if (!signal.aborted) this.alerts.push(this.#deps.preparation.describeError(e, file.name));
			return null;
		}
	}

	/** Verified: by the room's secret, or by both people confirming the safety codes match. */
	isVerified(peer: Peer): boolean {
		return peer.state === 'ready' && (this.secretVerifies || peer.codesConfirmed);
	}

	/** The person confirmed both screens show `peer`'s safety code; the other device is told. */
	confirmCodes(peer: Peer): void {
		const code = peer.safetyCode;
		if (peer.state !== 'ready' || code === null) return;
		peer.confirmedHere = code;
		this.#send(peer.id, { t: 'codes-match', code });
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		this.#sender.burn(drop);
	}

	/** Resolves once every file chosen so far is prepared (or refused); for tests and benches. */
	get preparing(): Promise<void> {
		return this.#sender.settled;
	}

	#giveUp(text: string): void {
		this.fatal = text;
		this.stop();
	}

	#setName(name: string): void {
		this.#membership.renamed(this.selfName);
		this.#showName(name);
		this.#signaling?.send({ type: 'rename', name });
	}

	/** The name on screen, and the one each ready device hears over its verified channel. */
	#showName(name: string): void {
		this.selfName = name;
		for (const conn of this.#links.all())
			if (conn.peer.state === 'ready') this.#send(conn.id, { t: 'name', name });
	}

	#onServerMessage(m: ServerMessage): void {
		switch (m.type) {
			case 'peers': {
				// Two devices called the same in one room can't be told apart: a generated name
				// that is taken is swapped for a free one as this device joins.
				const name = this.#nameChosen ? null : freeName(this.selfName, m.peers, this.#deps.generateName);
				if (name) this.#setName(name);
				this.#membership.joined();
				this.joined = true;
				this.#iceServers = m.iceServers;
				this.lanUrls = m.lanUrls;
				return this.#links.onPeerList(m.peers);
			}
			case 'peer-joined':
				return this.#links.onPeerJoined(m.peer);
			case 'peer-left':
				return this.#links.onPeerLeft(m.id);
			case 'peer-renamed':
				return this.#links.onRenamed(m.id, m.name);
			case 'signal':
				return this.#links.onSignal(m.from, m.data);
			case 'error':
				if (m.code === 'id-taken' || m.code === 'name-taken') {
					return this.#membership.refused(m.code, this.#nameChosen);
				}
				// A fatal error already fills the page; don't say it twice. A signal that missed a
				// device which just left needs no words: its peer-left follows.
				if (!this.fatal && m.code !== 'unknown-peer') this.alerts.push(SERVER_ERRORS[m.code]);
				return;
		}
	}

	#send(peerId: string, m: PeerMessage): void {
		this.#links.get(peerId)?.writer?.sendMessage(m);
	}

	#show(drop: RoomDrop): void {
		this.drops.unshift(drop);
		// A long session stays small: drops that are over fold into the history line.
		const folded = this.history.fold(this.drops, KEEP_ENDED_DROPS);
		if (folded.length === 0) return;
		for (const d of folded) {
			if (d.direction === 'in') d.dispose();
			else this.#sender.forget(d);
		}
		this.drops = this.drops.filter((d) => !folded.includes(d));
	}

	#remove(drop: RoomDrop): void {
		this.drops = this.drops.filter((d) => d !== drop);
	}

	#wiring(): RoomWiring {
		return {
			deps: this.#deps,
			keys: this.keys,
			selfId: () => this.selfId,
			selfName: () => this.selfName,
			drops: () => this.drops,
			show: (drop) => this.#show(drop),
			remove: (drop) => this.#remove(drop),
			send: (id, m) => this.#send(id, m),
			sendSignal: (to, data) => this.#signaling?.send({ type: 'signal', to, data }),
			iceServers: () => this.#iceServers,
			alert: (text) => this.alerts.push(text),
			pairing: () => this.#pairing,
			peerAdded: (peer) => this.peers.push(peer),
			peerRemoved: (peer) => (this.peers = this.peers.filter((p) => p !== peer)),
			stopped: () => this.#stopped,
			links: () => this.#links,
			sender: () => this.#sender,
			receiver: () => this.#receiver,
			channel: () => this.#channel
		};
	}
}
