import type { RoomKeys } from '../crypto/room-keys';
import { textProblem } from '../drops/drop-content';
import type { DropHistory } from '../drops/drop-history.svelte';
import type { OutgoingDrop } from '../drops/outgoing-drop.svelte';
import { copySendOptions, type SendOptions } from '../drops/send-options';
import type { PreparedPhoto } from '../image/prepared-photo';
import { confirmCodes, isVerified } from '../peers/code-confirmation';
import type { Peer } from '../peers/peer.svelte';
import type { ClientMessage, IceServerConfig, RoomRef, ServerMessage } from '../protocol/signaling-messages';
import type { SignalingStatus } from '../signaling/signaling-client';
import { DISCONNECTED_TEXT, NO_WEBRTC_TEXT, SERVER_ERRORS } from '../text/user-messages';
import { Alerts } from './alerts.svelte';
import { RoomDrops, type RoomDrop } from './room-drops.svelte';
import type { RoomDeps, RoomSessionOptions, SignalingPort } from './room-ports';
import { wireRoom, type RoomParts } from './room-wiring';
import { routeServerMessage } from './server-messages';

export type { RoomDrop } from './room-drops.svelte';
export type { RoomSessionOptions } from './room-ports';

/** How long links that carry a leaving sender's keys stay open for them to go out. */
const KEY_FLUSH_MS = 500;

/**
 * Everything one room page holds: the signaling connection, the other devices and the drops
 * going each way. It only wires up: the lists on screen, start and stop, and the server's
 * messages. The rules are in the parts `wireRoom` makes (`PeerLinks`, `PeerChannel`,
 * `DropSender`, `DropReceiver`, made on the first drop by `DropsOnDemand`), `RoomMembership`, `SelfName` and `RoomDrops`.
 */
export class RoomSession {
	readonly room: RoomRef;
	readonly keys: RoomKeys;
	/** Holding the room's secret proves a device is one of those the link was given to. */
	readonly secretVerifies: boolean;
	readonly #create: boolean;
	readonly #deps: RoomDeps;
	readonly #drops: RoomDrops;
	readonly #parts: RoomParts;
	status = $state<SignalingStatus>('connecting');
	fatal = $state<string | null>(null);
	joined = $state(false);
	/**
	 * The first steps of connecting are out: the join went through with nobody else here, or
	 * this device's first link signal to another (its offer or its answer, not a code room's
	 * key exchange, which comes before them) has gone. It stays true.
	 * The page builds its view then (see RoomView), so that building it holds up neither.
	 */
	firstStepsOut = $state(false);
	peers = $state<Peer[]>([]);
	lanUrls = $state<string[]>([]);
	/** The sender's choices, kept for the next drop. */
	options = $state<SendOptions>() as SendOptions;
	readonly alerts = new Alerts();
	#iceServers: IceServerConfig[] = [];
	#signaling: SignalingPort | null = null;
	/** Stopped: nothing a peer says any more is taken. */
	#stopped = false;

	constructor(opts: RoomSessionOptions, deps: RoomDeps) {
		this.room = opts.room;
		this.keys = opts.keys;
		this.secretVerifies = opts.keys.authenticated && opts.confirmByCodes !== true;
		this.#create = opts.create;
		this.#deps = deps;
		this.options = deps.savedOptions.load();
		this.#drops = new RoomDrops((drop) => this.#parts.drops.parts?.sender.forget(drop));
		this.#parts = wireRoom(opts, {
			deps,
			keys: this.keys,
			selfId: () => this.selfId,
			selfName: () => this.selfName,
			drops: this.#drops,
			toServer: (m) => this.#toServer(m),
			linkSignalSent: () => (this.firstStepsOut = true),
			iceServers: () => this.#iceServers,
			alert: (text) => this.alerts.push(text),
			rejoin: () => this.#signaling?.rejoin(),
			fatal: (text) => (this.fatal = text),
			giveUp: (text) => this.#giveUp(text),
			peerAdded: (peer) => this.peers.push(peer),
			peerRemoved: (peer) => (this.peers = this.peers.filter((p) => p !== peer)),
			stopped: () => this.#stopped
		});
	}

	get selfId(): string {
		return this.#parts.membership.peerId;
	}

	get selfName(): string {
		return this.#parts.name.current;
	}

	/** Newest first, both ways. */
	get drops(): readonly RoomDrop[] {
		return this.#drops.list;
	}

	/** The drops that are over, beyond the last few, as counts. */
	get history(): DropHistory {
		return this.#drops.history;
	}

	/** A photo is being prepared, sent or received: the page should stay open and awake. */
	get busy(): boolean {
		return this.#drops.busy;
	}

	/** Connects and joins; again after `stop`. The page calls it as it builds the view (see RoomView). */
	start(): void {
		if (this.#signaling) return;
		// It still joins, so that every device here is told why it can't reach this one.
		if (!this.#deps.webrtc) this.fatal = NO_WEBRTC_TEXT;
		this.#signaling = this.#deps.connectSignaling({
			// A rejoin after a server restart may find the room gone: it re-forms it.
			join: () => this.#parts.membership.joinMessage(this.selfName, this.#create || this.joined),
			onMessage: (m) => this.#onServerMessage(m),
			onStatus: (s) => {
				this.status = s;
			},
			onFatal: (code) => {
				// A closed code room: the devices in it part too, and its members make a new code.
				if (code === 'code-closed') return this.#giveUp(SERVER_ERRORS[code]);
				this.fatal = code === 'closed' ? DISCONNECTED_TEXT : SERVER_ERRORS[code];
			}
		});
	}

	/**
	 * Leaving the room: each holder first gets the key of a view it was sure to get (see
	 * `DropSender.bequeath`); then every connection closes, every picture and key is wiped, and no
	 * timer stays. Links that carry keys close a moment later, once the keys are on their way.
	 */
	stop(): void {
		const { links, drops } = this.#parts;
		const keysSent = this.#stopped ? 0 : (drops.parts?.sender.bequeath() ?? 0);
		this.#stopped = true;
		this.#signaling?.close();
		this.#signaling = null;
		drops.stop();
		if (keysSent > 0) this.#deps.clock.setTimeout(() => links.stop(), KEY_FLUSH_MS);
		else links.stop();
		this.peers = [];
		this.#drops.wipeAll();
	}

	/** The page is going away (closed, reloaded): keys a holder was sure to get go first. */
	leave(): void {
		if (!this.#stopped) this.#parts.drops.parts?.sender.bequeath();
		this.#parts.drops.wipeArriving();
		this.#drops.wipeAll();
	}

	/** Ends every view on screen at once (the tab lost focus). */
	endAllViews(): void {
		this.#drops.endAllViews();
	}

	rename(name: string): void {
		this.#parts.name.rename(name, this.peers);
	}

	/** Sends a secret text as a drop with the current options; false when it is empty or too long. */
	sendText(text: string): boolean {
		if (textProblem(text)) return false;
		const options = this.#saveOptions();
		this.#parts.drops.need(({ sender }) => sender.sendText(text, options));
		return true;
	}

	sendFiles(files: readonly File[]): void {
		const options = this.#saveOptions();
		this.#parts.drops.need(({ sender }) => sender.sendFiles(files, options));
	}

	/** The person is about to choose a file or type a text: the drop code starts loading. */
	expectDrop(): void {
		this.#parts.drops.prefetch();
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
			if (!signal.aborted)
				this.#parts.drops.need((parts) => this.alerts.push(parts.describePrepareError(e, file.name)));
			return null;
		}
	}

	/** Verified: by the room's secret, or by both people confirming the safety codes match. */
	isVerified(peer: Peer): boolean {
		return isVerified(peer, this.secretVerifies);
	}

	/** The person confirmed both screens show `peer`'s safety code; the other device is told. */
	confirmCodes(peer: Peer): void {
		confirmCodes(peer, this.#parts.send);
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		this.#parts.drops.parts?.sender.burn(drop);
	}

	/** Resolves once every file chosen so far is prepared (or refused); for tests and benches. */
	get preparing(): Promise<void> {
		return this.#parts.drops.settled;
	}

	#saveOptions(): SendOptions {
		const options = copySendOptions(this.options);
		this.#deps.savedOptions.save(options);
		return options;
	}

	#giveUp(text: string): void {
		this.fatal = text;
		this.stop();
	}

	#toServer(m: ClientMessage): void {
		this.#signaling?.send(m);
	}

	#onServerMessage(m: ServerMessage): void {
		routeServerMessage(m, {
			...this.#parts,
			joined: (iceServers, lanUrls) => {
				this.joined = true;
				this.#iceServers = iceServers;
				this.lanUrls = lanUrls;
			},
			// A fatal error already fills the page; don't say it twice. A signal that missed a
			// device which just left needs no words: its peer-left follows.
			error: (code) => {
				if (!this.fatal && code !== 'unknown-peer') this.alerts.push(SERVER_ERRORS[code]);
			}
		});
		if (m.type === 'peers' && m.peers.length === 0) this.firstStepsOut = true;
	}
}
