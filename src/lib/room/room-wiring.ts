import type { PairingPort } from '../peers/pairing-port';
import type { RoomKeys } from '../crypto/room-keys';
import { DropReceiver } from '../drops/drop-receiver';
import { DropSender } from '../drops/drop-sender';
import type { IncomingDrop } from '../drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../drops/outgoing-drop.svelte';
import type { PeerChannel } from '../peers/peer-channel';
import type { PeerConnection } from '../peers/peer-connection';
import { PeerLinks } from '../peers/peer-links';
import type { Peer } from '../peers/peer.svelte';
import type { PeerMessage } from '../protocol/peer-messages';
import type { IceServerConfig } from '../protocol/signaling-messages';
import type { SignalEnvelope } from '../protocol/signal-envelope';
import { badSealText, overBudgetText, refusedContentText, stalledText } from '../text/user-messages';
import type { RoomDeps } from './room-ports';

export type RoomDrop = IncomingDrop | OutgoingDrop;

/** What the room's parts need from the room around them: its lists, its alerts, its wires. */
export interface RoomWiring {
	deps: RoomDeps;
	keys: RoomKeys;
	selfId(): string;
	selfName(): string;
	drops(): readonly RoomDrop[];
	show(drop: RoomDrop): void;
	remove(drop: RoomDrop): void;
	send(peerId: string, m: PeerMessage): void;
	sendSignal(to: string, data: SignalEnvelope): void;
	iceServers(): IceServerConfig[];
	alert(text: string): void;
	/** A code room's per-pair PAKE (`code-room/`), made before the links; none elsewhere. */
	pairing(): PairingPort | undefined;
	peerAdded(peer: Peer): void;
	peerRemoved(peer: Peer): void;
	/** Left the room: nothing a peer says any more is taken. */
	stopped(): boolean;
	/** The parts made below, each made once the ones it needs exist. */
	links(): PeerLinks;
	sender(): DropSender;
	receiver(): DropReceiver;
	channel(): PeerChannel;
}

export function makeDropSender(w: RoomWiring): DropSender {
	return new DropSender({
		clock: w.deps.clock,
		preparation: w.deps.preparation,
		show: (drop) => w.show(drop),
		remove: (drop) => w.remove(drop),
		drops: () => w.drops(),
		connections: () => w.links().all(),
		connection: (id) => w.links().get(id),
		send: (id, m) => w.send(id, m),
		alert: (text) => w.alert(text),
		newId: () => w.deps.randomId(16)
	});
}

export function makeDropReceiver(w: RoomWiring): DropReceiver {
	return new DropReceiver({
		clock: w.deps.clock,
		show: (drop) => w.show(drop),
		drops: () => w.drops(),
		send: (id, m) => w.send(id, m),
		isPresent: (id) => w.links().get(id)?.peer.state === 'ready',
		onOverBudget: (from, why) => w.alert(overBudgetText(from.name, why.startsWith('tab'))),
		onStalled: (from) => w.alert(stalledText(from.name)),
		onContentRefused: (from, _problem, drop) => w.alert(refusedContentText(from.name, drop.kind)),
		onBadSeal: (from) => w.alert(badSealText(from.name))
	});
}

/** The peers' connections, and what becomes of the drops when a peer comes, goes or fails. */
export function makePeerLinks(w: RoomWiring): PeerLinks {
	const gone = (conn: PeerConnection, left: boolean) => {
		w.receiver().connectionLost(conn.id);
		if (left) w.receiver().senderLeft(conn.id);
		w.sender().peerGone(conn.id, left);
	};
	return new PeerLinks({
		// Read for each new link: the id changes after `id-taken`, the name on a rename.
		get selfId() {
			return w.selfId();
		},
		get selfName() {
			return w.selfName();
		},
		keys: w.keys,
		webrtc: w.deps.webrtc,
		clock: w.deps.clock,
		createLink: w.deps.createLink,
		sendSignal: (to, data) => w.sendSignal(to, data),
		iceServers: () => w.iceServers(),
		pairing: w.pairing(),
		events: {
			added: (peer) => w.peerAdded(peer),
			removed: (conn) => {
				w.peerRemoved(conn.peer);
				gone(conn, true);
			},
			ready: (conn) => {
				w.deps.warmUp();
				w.sender().peerReady(conn);
			},
			linkDown: (conn) => {
				w.receiver().connectionLost(conn.id);
				w.sender().linkDropped(conn.id);
			},
			failed: (conn) => gone(conn, false),
			text: (conn, text) => w.stopped() || w.channel().onText(conn, text),
			binary: (conn, data) => w.stopped() || w.channel().onBinary(conn, data),
			alert: (text) => w.alert(text)
		}
	});
}
