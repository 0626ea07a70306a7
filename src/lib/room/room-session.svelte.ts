import { getContext, setContext } from 'svelte';
import { randomToken } from '../crypto/base64url';
import type { RoomKeys } from '../crypto/room-keys';
import { safetyCode } from '../crypto/safety-code';
import { sha256Hex } from '../crypto/sha256-digest';
import type { LinkRole, SignalEnvelope } from '../protocol/signal-envelope';
import type { IceServerConfig, RoomRef, ServerMessage } from '../protocol/signaling-messages';
import { friendlyName } from '../names/friendly-name';
import { describePrepareError, linkFailureText, SERVER_ERRORS } from '../text/user-messages';
import { SignalingClient, type SignalingStatus } from '../signaling/signaling-client';
import {
	CHUNK_BYTES,
	decodeChunk,
	type DropHeader,
	type PeerMessage,
	type RevokeReason,
	parsePeerMessage
} from '../protocol/peer-messages';
import { toDropOptions, type SendOptions } from '../drops/send-options';
import { DropAssembler } from '../drops/drop-assembler';
import { ChannelWriter } from '../drops/channel-writer';
import { readConnectionRoute } from '../webrtc/connection-route';
import { PeerLink, type LinkFailure, type LinkState } from '../webrtc/peer-link';
import { Alerts } from './alerts.svelte';
import { IncomingDrop } from '../drops/incoming-drop.svelte';
import { OutgoingDrop, type RecipientChoice } from '../drops/outgoing-drop.svelte';
import { MAX_INCOMING_PER_PEER, PeerEntry, type PeerFailure } from '../peers/peer-entry.svelte';
import { loadOptions, saveOptions } from '../device/saved-options';
import { prepareForSending, warmUpPreparation, watermarkForRecipient } from '../image/load-preparation';

/** A peer still connecting after this long is probably on a network that blocks peer-to-peer. */
export const STUCK_AFTER_MS = 15_000;
/** Stuck or failed attempts to reach one peer before it is marked failed (about a minute). */
export const MAX_LINK_ATTEMPTS = 4;
/** The wait before the side that offered tries again, times the attempt number. */
const RETRY_DELAY_MS = 1_000;

export type RoomDrop = IncomingDrop | OutgoingDrop;

export interface RoomSessionOptions {
	room: RoomRef;
	keys: RoomKeys;
	/** Public rooms only: this tab makes the room. */
	create: boolean;
	signalingUrl: string;
	selfName: string;
}

/**
 * Everything one room page holds: the signaling connection, a link to every other device, and the
 * drops going each way. The pieces it drives are plain modules; this class only wires them up.
 */
export class RoomSession {
	readonly room: RoomRef;
	readonly keys: RoomKeys;
	readonly selfId = randomToken(16);
	readonly #resumeToken = randomToken(24);
	readonly #create: boolean;
	readonly #url: string;
	selfName = $state('');
	status = $state<SignalingStatus>('connecting');
	fatal = $state<string | null>(null);
	joined = $state(false);
	peers = $state<PeerEntry[]>([]);
	drops = $state<RoomDrop[]>([]);
	lanUrls = $state<string[]>([]);
	/** The sender's choices, kept for the next drop. */
	options = $state<SendOptions>(loadOptions());
	readonly alerts = new Alerts();
	#iceServers: IceServerConfig[] = [];
	/** The server handed out a TURN relay: a peer still unreachable is blocked even from that. */
	get #relayConfigured(): boolean {
		return this.#iceServers.some((s) =>
			(Array.isArray(s.urls) ? s.urls : [s.urls]).some((u) => /^turns?:/i.test(u))
		);
	}
	#signaling: SignalingClient | null = null;

	constructor(opts: RoomSessionOptions) {
		this.room = opts.room;
		this.keys = opts.keys;
		this.#create = opts.create;
		this.#url = opts.signalingUrl;
		this.selfName = opts.selfName;
	}

	start(): void {
		this.#signaling = new SignalingClient(this.#url, {
			join: () => ({
				type: 'join',
				room: this.room,
				// A rejoin after a server restart may find the room gone: it re-forms it.
				create: this.#create || this.joined,
				peerId: this.selfId,
				resumeToken: this.#resumeToken,
				name: this.selfName
			}),
			onMessage: (m) => this.#onServerMessage(m),
			onStatus: (s) => {
				this.status = s;
			},
			onFatal: (code) => {
				this.fatal = code === 'closed' ? 'Disconnected.' : SERVER_ERRORS[code];
			}
		});
	}

	/** Leaving the room: every connection closes and every picture is wiped. */
	stop(): void {
		this.#signaling?.close();
		this.#signaling = null;
		for (const p of this.peers) p.disconnect();
		this.peers = [];
		this.wipeAll();
	}

	wipeAll(): void {
		for (const d of this.drops) {
			if (d.direction === 'in') d.dispose();
			else d.release();
		}
	}

	/** Ends every view on screen at once (the tab lost focus). */
	endAllViews(): void {
		for (const d of this.drops) if (d.direction === 'in') d.close();
	}

	rename(name: string): void {
		this.#nameChosen = true;
		this.selfName = name;
		this.#signaling?.send({ type: 'rename', name });
	}

	/** The person typed their name: it is never changed for them. */
	#nameChosen = false;

	/**
	 * Two devices called the same in one room can't be told apart: a generated name that is taken
	 * is swapped for a free one as this device joins.
	 */
	#avoidNameClash(others: readonly { name: string }[]): void {
		const taken = others.map((p) => p.name);
		if (this.#nameChosen || !taken.includes(this.selfName)) return;
		for (let i = 0; i < 50; i++) {
			const name = friendlyName();
			if (taken.includes(name)) continue;
			this.selfName = name;
			this.#signaling?.send({ type: 'rename', name });
			return;
		}
	}

	readyPeers = $derived(this.peers.filter((p) => p.state === 'ready'));

	/** A photo is being prepared, sent or received: the page should stay open and awake. */
	busy = $derived(
		this.drops.some((d) =>
			d.direction === 'in'
				? d.state === 'receiving'
				: d.state === 'preparing' || d.recipients.some((r) => r.status === 'queued' || r.status === 'sending')
		)
	);

	// ---- signaling -------------------------------------------------------------------------

	#onServerMessage(m: ServerMessage): void {
		switch (m.type) {
			case 'peers':
				this.#avoidNameClash(m.peers);
				this.joined = true;
				this.#iceServers = m.iceServers;
				this.lanUrls = m.lanUrls;
				this.#onPeerList(m.peers);
				break;
			case 'peer-joined': {
				const known = this.#peer(m.peer.id);
				if (known && known.state === 'ready') known.name = m.peer.name;
				else this.#addPeer(m.peer.id, m.peer.name, 'responder');
				break;
			}
			case 'peer-left': {
				// The server is the authority on who is in the room. (When the server itself goes
				// away it announces nothing, and open connections carry on.)
				const p = this.#peer(m.id);
				if (p) this.#removePeer(p);
				break;
			}
			case 'peer-renamed': {
				const p = this.#peer(m.id);
				if (p) p.name = m.name;
				break;
			}
			case 'signal':
				this.#onSignal(m.from, m.data);
				break;
			case 'error':
				// A fatal error already fills the page; don't say it twice. A signal that missed a
				// device which just left needs no words: its peer-left follows.
				if (!this.fatal && m.code !== 'unknown-peer') this.alerts.push(SERVER_ERRORS[m.code]);
				break;
		}
	}

	#onPeerList(list: { id: string; name: string }[]): void {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
		const ids = new Set(list.map((p) => p.id));
		for (const p of [...this.peers]) {
			if (!ids.has(p.id) && p.state !== 'ready') this.#removePeer(p);
		}
		for (const info of list) {
			const known = this.#peer(info.id);
			if (known && (known.state === 'ready' || known.state === 'connecting')) {
				known.name = info.name;
				continue;
			}
			if (known) this.#removePeer(known);
			// The newcomer starts every connection, so two offers never cross.
			this.#addPeer(info.id, info.name, 'initiator');
		}
	}

	#onSignal(from: string, data: unknown): void {
		const peer = this.#peer(from);
		// A device caught lying or tampering gets no second chance, and one given up on after
		// every retry stays failed: both sides start afresh only when one of them rejoins.
		if (!peer || peer.state === 'failed') return;
		if (!peer.link) this.#connect(peer, 'responder');
		if (peer.link?.receive(data) === 'new-link') {
			// The peer started over (its side failed, or both offered at once and it won).
			this.#connect(peer, 'responder');
			peer.link?.receive(data);
		}
	}

	#peer(id: string): PeerEntry | undefined {
		return this.peers.find((p) => p.id === id);
	}

	#addPeer(id: string, name: string, role: LinkRole): void {
		const existing = this.#peer(id);
		if (existing) this.#removePeer(existing);
		const peer = new PeerEntry(id, name);
		this.peers.push(peer);
		this.#connect(this.peers.at(-1)!, role);
	}

	/** Starts a fresh connection to `peer`, dropping whatever the last one carried. */
	#connect(peer: PeerEntry, role: LinkRole): void {
		this.#dropLink(peer);
		peer.failure = null;
		peer.link = this.#createLink(peer, role);
		peer.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(peer));
	}

	/**
	 * Still connecting after `STUCK_AFTER_MS`: say why once, and keep trying for a while. The side
	 * that offered starts over with a fresh link; the other waits for that offer.
	 */
	#onStuck(peer: PeerEntry): void {
		if (this.#peer(peer.id) !== peer || peer.state !== 'connecting') return;
		if (!peer.stuckReported) {
			peer.stuckReported = true;
			this.alerts.push(linkFailureText(peer.name, 'stuck', { relayConfigured: this.#relayConfigured }));
		}
		peer.attempts++;
		if (peer.attempts >= MAX_LINK_ATTEMPTS) return this.#failPeer(peer, 'stuck', { alert: false });
		if (peer.link?.role === 'initiator') this.#connect(peer, 'initiator');
		else peer.watchForStuck(STUCK_AFTER_MS, () => this.#onStuck(peer));
	}

	/**
	 * Closes the connection but keeps the peer: what it already holds stays with it, what was on
	 * the way fails.
	 */
	#dropLink(peer: PeerEntry): void {
		peer.disconnect();
		peer.state = 'connecting';
		for (const d of this.drops) {
			if (d.direction === 'out' && d.recipient(peer.id)?.status === 'sending') d.update(peer.id, 'failed');
		}
	}

	/** The connection failed or closed while the server still lists the peer: try again. */
	#reconnect(peer: PeerEntry, role: LinkRole, failure: LinkFailure): void {
		peer.attempts++;
		if (peer.attempts >= MAX_LINK_ATTEMPTS) return this.#failPeer(peer, failure);
		if (role === 'responder') return this.#connect(peer, 'responder');
		this.#dropLink(peer);
		peer.retryAfter(RETRY_DELAY_MS * peer.attempts, () => {
			if (this.#peer(peer.id) === peer && !peer.link) this.#connect(peer, 'initiator');
		});
	}

	#createLink(peer: PeerEntry, role: LinkRole): PeerLink {
		const link: PeerLink = new PeerLink({
			selfId: this.selfId,
			peerId: peer.id,
			roomId: this.keys.roomId,
			macKey: this.keys.macKey,
			role,
			iceServers: this.#iceServers,
			usedLinks: peer.usedLinks,
			sendSignal: (to: string, envelope: SignalEnvelope) => {
				this.#signaling?.send({ type: 'signal', to, data: envelope });
			},
			onState: (state, failure) => {
				if (peer.link === link) this.#onLinkState(peer, link, state, failure);
			},
			onText: (text) => this.#onPeerText(peer, text),
			onBinary: (data) => this.#onPeerBinary(peer, data)
		});
		return link;
	}

	#onLinkState(peer: PeerEntry, link: PeerLink, state: LinkState, failure?: LinkFailure): void {
		if (this.#peer(peer.id) !== peer) return;
		if (state === 'ready') {
			const channel = link.channel;
			if (!channel) return;
			peer.clearStuckWatch();
			peer.attempts = 0;
			const pc = link.connection;
			peer.safetyCode = safetyCode(
				this.keys.macKey,
				pc.localDescription?.sdp ?? '',
				pc.remoteDescription?.sdp ?? ''
			);
			peer.writer = new ChannelWriter(channel);
			peer.state = 'ready';
			void readConnectionRoute(pc).then((route) => {
				if (peer.link === link) peer.route = route;
			});
			warmUpPreparation();
			this.#flushQueued(peer);
		} else if (state === 'failed' && failure === 'unverified') {
			this.#failPeer(peer, failure);
		} else if (state === 'failed' || state === 'closed') {
			// A peer that really left is removed when the server says so (peer-left).
			this.#reconnect(peer, link.role, failure ?? 'connection-failed');
		}
	}

	#failPeer(peer: PeerEntry, failure: PeerFailure, { alert = true } = {}): void {
		if (peer.state === 'failed') return;
		peer.state = 'failed';
		peer.failure = failure;
		if (alert) this.alerts.push(linkFailureText(peer.name, failure));
		peer.disconnect();
		this.#settleRecipientsOf(peer.id, false);
	}

	#removePeer(peer: PeerEntry): void {
		peer.disconnect();
		this.peers = this.peers.filter((p) => p !== peer);
		this.#settleRecipientsOf(peer.id, true);
	}

	/** A peer is gone: what it had not fully received fails; what it held unopened is gone too. */
	#settleRecipientsOf(peerId: string, left: boolean): void {
		for (const d of this.drops) {
			if (d.direction !== 'out') continue;
			const r = d.recipient(peerId);
			if (!r) continue;
			if (r.status === 'delivered' && left) {
				r.left = true;
				d.update(peerId, 'destroyed');
			} else {
				d.update(peerId, 'failed');
			}
		}
	}

	// ---- the data channel --------------------------------------------------------------------

	#hostile(peer: PeerEntry): void {
		this.#failPeer(peer, 'hostile');
	}

	#sendTo(peer: PeerEntry, m: PeerMessage): void {
		peer.writer?.sendMessage(m);
	}

	#outDrop(id: string): OutgoingDrop | undefined {
		return this.drops.find((d): d is OutgoingDrop => d.direction === 'out' && d.id === id);
	}

	#inDrop(id: string, from: PeerEntry): IncomingDrop | undefined {
		return this.drops.find(
			(d): d is IncomingDrop => d.direction === 'in' && d.id === id && d.fromId === from.id
		);
	}

	#onPeerText(peer: PeerEntry, text: string): void {
		if (!peer.allowText()) return this.#hostile(peer);
		const m = parsePeerMessage(text);
		if (!m) return this.#hostile(peer);
		switch (m.t) {
			case 'drop':
				return this.#onDropHeader(peer, m);
			case 'receipt': {
				const drop = this.#outDrop(m.id);
				// A receipt for a drop this peer never got is a lie.
				if (!drop?.recipient(peer.id)) return this.#hostile(peer);
				drop.update(peer.id, m.status, m.at);
				return;
			}
			case 'view-request': {
				const drop = this.#outDrop(m.id);
				if (!drop?.recipient(peer.id)) return this.#hostile(peer);
				return this.#answerViewRequest(drop, peer);
			}
			case 'view-answer':
				peer.answerView(m.id, m.granted);
				return;
			case 'abort':
			case 'revoke': {
				const drop = this.#inDrop(m.id, peer);
				if (!drop) return this.#hostile(peer);
				peer.dropStreamsOf(drop);
				if (m.t === 'revoke') drop.revoke(m.reason);
				else drop.fail();
				return;
			}
		}
	}

	#onDropHeader(peer: PeerEntry, header: DropHeader): void {
		const duplicate = peer.incoming.has(header.stream) || this.drops.some((d) => d.id === header.id);
		if (duplicate || peer.incoming.size >= MAX_INCOMING_PER_PEER) return this.#hostile(peer);
		const transfer = DropAssembler.start(header);
		if (!(transfer instanceof DropAssembler)) return this.#hostile(peer);
		const entry = new IncomingDrop(header, peer.id, peer.name, {
			sendReceipt: (status) => this.#sendTo(peer, { t: 'receipt', id: header.id, status, at: Date.now() }),
			requestView: () => this.#requestView(peer, header.id)
		});
		this.drops.unshift(entry);
		peer.incoming.set(header.stream, { transfer, entry: this.drops[0] as IncomingDrop });
	}

	/** Asks the sender for a view. With the sender gone, this device's own one view still holds. */
	#requestView(sender: PeerEntry, dropId: string): Promise<boolean> {
		if (this.#peer(sender.id) !== sender || sender.state !== 'ready') return Promise.resolve(true);
		this.#sendTo(sender, { t: 'view-request', id: dropId });
		return sender.awaitViewAnswer(dropId);
	}

	#answerViewRequest(drop: OutgoingDrop, peer: PeerEntry): void {
		const granted = drop.grantView(peer.id);
		this.#sendTo(peer, { t: 'view-answer', id: drop.id, granted });
		if (!granted) {
			drop.update(peer.id, 'expired');
			return;
		}
		if (drop.exhausted) {
			// The last view is taken: whoever still holds it unopened wipes it.
			for (const r of drop.unopenedRecipients()) {
				if (r.peerId === peer.id) continue;
				const other = this.#peer(r.peerId);
				if (other) this.#sendTo(other, { t: 'revoke', id: drop.id, reason: 'no-views' });
				drop.update(r.peerId, 'expired');
			}
		}
		drop.afterViewGranted();
	}

	#onPeerBinary(peer: PeerEntry, data: ArrayBuffer): void {
		const chunk = decodeChunk(data);
		const stream = chunk && peer.incoming.get(chunk.stream);
		if (!chunk || !stream) return this.#hostile(peer);
		const { transfer, entry } = stream;
		// Only the last chunk of a drop may be short: a stream of tiny chunks is a flood.
		const isLast = transfer.received + chunk.payload.length === transfer.header.size;
		if (chunk.payload.length < CHUNK_BYTES && !isLast) return this.#hostile(peer);
		const result = transfer.accept(chunk.payload);
		if (result.kind === 'progress') return entry.progress(result.received);
		if (result.kind === 'error') return this.#refuseDrop(peer, chunk.stream, entry);
		void result.verified.then((verified) => {
			if (peer.incoming.get(chunk.stream)?.transfer !== transfer) return;
			if (verified.kind === 'error') return this.#refuseDrop(peer, chunk.stream, entry);
			peer.incoming.delete(chunk.stream);
			entry.sealed(verified.bytes);
		});
	}

	/** The bytes broke the header's promise (too many, or the wrong hash). */
	#refuseDrop(peer: PeerEntry, stream: number, entry: IncomingDrop): void {
		peer.incoming.get(stream)?.transfer.wipe();
		peer.incoming.delete(stream);
		entry.fail();
		this.#sendTo(peer, { t: 'receipt', id: entry.id, status: 'failed', at: Date.now() });
		this.#hostile(peer);
	}

	// ---- sending -----------------------------------------------------------------------------

	#chain: Promise<void> = Promise.resolve();

	/** Prepares each file in turn (one worker at a time), then sends it to its recipients. */
	sendFiles(files: readonly File[]): void {
		const options = $state.snapshot(this.options) as SendOptions;
		saveOptions(options);
		for (const file of files) {
			this.#chain = this.#chain.then(() => this.#sendFile(file, options));
		}
	}

	async #sendFile(file: File, options: SendOptions): Promise<void> {
		const choice: RecipientChoice =
			options.recipients === 'everyone'
				? { kind: 'everyone' }
				: { kind: 'picked', peerIds: options.recipients };
		const entry = new OutgoingDrop(
			randomToken(16),
			file.name,
			toDropOptions(options, Date.now()),
			choice,
			options.watermark
		);
		this.drops.unshift(entry);
		const drop = this.drops[0] as OutgoingDrop;
		let photo;
		try {
			photo = await prepareForSending(file, options.quality, (pct) => {
				drop.preparePercent = pct;
			});
		} catch (err) {
			this.drops = this.drops.filter((d) => d !== drop);
			this.alerts.push(describePrepareError(err, file.name));
			return;
		}
		drop.prepared(photo);
		this.#scheduleExpiry(drop);
		for (const peer of this.peers) this.#offerTo(drop, peer);
	}

	/** Adds `peer` as a recipient if the drop is for it and it has not had it yet. */
	#offerTo(drop: OutgoingDrop, peer: PeerEntry): void {
		if (!drop.live || !drop.wants(peer.id) || drop.recipient(peer.id) || peer.state === 'failed') return;
		drop.addRecipient(peer.id, peer.name);
		void this.#deliver(drop, peer);
	}

	/** A peer became ready: its queued drops go now, and live drops reach it as a late joiner. */
	#flushQueued(peer: PeerEntry): void {
		for (const d of this.drops) {
			if (d.direction !== 'out') continue;
			if (d.recipient(peer.id)?.status === 'queued') void this.#deliver(d, peer);
			else this.#offerTo(d, peer);
		}
	}

	async #deliver(drop: OutgoingDrop, peer: PeerEntry): Promise<void> {
		const r = drop.recipient(peer.id);
		const copy = drop.copy;
		if (!peer.writer || !copy || !r || r.status !== 'queued') return;
		drop.update(peer.id, 'start');
		let photo = copy;
		try {
			if (drop.watermark) photo = await watermarkForRecipient(copy, peer.name);
			const bytes = photo.bytes;
			const writer = peer.writer;
			if (!writer || !drop.live) throw new Error('gone');
			const stream = peer.nextStream();
			const header: DropHeader = {
				t: 'drop',
				id: drop.id,
				stream,
				mime: photo.mime,
				size: bytes.length,
				sha256: await sha256Hex(bytes),
				width: copy.width,
				height: copy.height,
				options: drop.options
			};
			const size = bytes.length;
			await writer.sendDrop(header, stream, bytes, (wire) => {
				const pct = Math.min(99, Math.floor((wire / size) * 100));
				if (pct > r.percent) r.percent = pct;
			});
		} catch {
			drop.update(peer.id, 'failed');
		} finally {
			// A watermarked copy was made for this recipient alone.
			if (photo !== copy) photo.bytes.fill(0);
		}
	}

	#scheduleExpiry(drop: OutgoingDrop): void {
		const ms = Math.max(0, Math.min(drop.options.expiresAt - Date.now(), 2 ** 31 - 1));
		setTimeout(() => {
			if (!drop.live) return;
			this.#revokeUnopened(drop, 'expired');
			drop.expire();
		}, ms);
	}

	/** The sender takes the drop back from everyone who has not opened it. */
	burn(drop: OutgoingDrop): void {
		if (drop.burned || drop.state === 'done') return;
		this.#revokeUnopened(drop, 'burned');
		drop.burn();
	}

	#revokeUnopened(drop: OutgoingDrop, reason: RevokeReason): void {
		for (const r of drop.unopenedRecipients()) {
			const peer = this.#peer(r.peerId);
			if (peer) this.#sendTo(peer, { t: 'revoke', id: drop.id, reason });
			drop.update(r.peerId, reason === 'burned' ? 'burned' : 'expired');
		}
	}
}

const CONTEXT_KEY = Symbol('room-session');

export function setRoomSession(session: RoomSession): RoomSession {
	return setContext(CONTEXT_KEY, session);
}

export function getRoomSession(): RoomSession {
	const s = getContext<RoomSession | undefined>(CONTEXT_KEY);
	if (!s) throw new Error('getRoomSession() outside a room page');
	return s;
}
