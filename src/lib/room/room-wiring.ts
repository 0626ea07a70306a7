import type { RoomKeys } from '../crypto/room-keys';
import { PeerChannel } from '../peers/peer-channel';
import type { PeerConnection } from '../peers/peer-connection';
import { PeerLinks } from '../peers/peer-links';
import type { Peer } from '../peers/peer.svelte';
import type { PairingPort } from '../peers/pairing-port';
import type { PeerMessage } from '../protocol/peer-messages';
import type { ClientMessage, IceServerConfig } from '../protocol/signaling-messages';
import { SERVER_ERRORS, UNREACHABLE_TEXT } from '../text/user-messages';
import { DropsOnDemand } from './drops-on-demand';
import type { RoomDrop } from './room-drops.svelte';
import { RoomMembership } from './room-membership';
import type { RoomDeps, RoomSessionOptions } from './room-ports';
import { SelfName } from './self-name.svelte';

/** What the room's parts need from the room around them: its lists, its alerts, its wires. */
export interface RoomHost {
	deps: RoomDeps;
	keys: RoomKeys;
	selfId(): string;
	selfName(): string;
	drops: { readonly list: readonly RoomDrop[]; show(drop: RoomDrop): void; remove(drop: RoomDrop): void };
	/** Sends to the signaling server, if connected. */
	toServer(m: ClientMessage): void;
	/** A link's signal (an offer, an answer, a refusal) went out; a code room's exchange is not one. */
	linkSignalSent(): void;
	iceServers(): IceServerConfig[];
	alert(text: string): void;
	/** Sends the join again on the open socket. */
	rejoin(): void;
	/** The room can't go on: it says why. */
	fatal(text: string): void;
	/** The room can't go on (a code room closed): it says why and stops. */
	giveUp(text: string): void;
	peerAdded(peer: Peer): void;
	peerRemoved(peer: Peer): void;
	/** Left the room: nothing a peer says any more is taken. */
	stopped(): boolean;
}

/** The parts that hold the room's rules, made once and wired to each other. */
export interface RoomParts {
	/** This tab's peer id, resume token and join; a fresh id after `id-taken`. */
	membership: RoomMembership;
	name: SelfName;
	links: PeerLinks;
	/** The drop sender and receiver, made on the first drop (their code loads then). */
	drops: DropsOnDemand;
	channel: PeerChannel;
	/** A code room's per-pair PAKE (`code-room/`), made before the links; none elsewhere. */
	pairing: PairingPort | undefined;
	/** A message to one peer over its channel, once it has one. */
	send(peerId: string, m: PeerMessage): void;
}

/** What the parts reach of each other: each made once the ones it needs exist. */
interface Wired extends RoomHost {
	send(peerId: string, m: PeerMessage): void;
	links(): PeerLinks;
	dropParts(): DropsOnDemand;
	channel(): PeerChannel;
}

/** Makes the room's parts; `opts.pairing` for a code room, where each pair agrees a key first. */
export function wireRoom(opts: RoomSessionOptions, host: RoomHost): RoomParts {
	const made: Partial<RoomParts> = {};
	const need = <K extends 'links' | 'drops' | 'channel'>(k: K): RoomParts[K] => {
		const part = made[k];
		if (!part) throw new Error(`${k} is not wired yet`);
		return part as RoomParts[K];
	};
	const send = (peerId: string, m: PeerMessage) => need('links').get(peerId)?.writer?.sendMessage(m);
	const w: Wired = {
		...host,
		send,
		links: () => need('links'),
		dropParts: () => need('drops'),
		channel: () => need('channel')
	};
	const drops = (made.drops = new DropsOnDemand({
		load: host.deps.loadDrops,
		wires: {
			clock: host.deps.clock,
			preparation: host.deps.preparation,
			randomId: host.deps.randomId,
			drops: host.drops,
			links: () => w.links(),
			send,
			alert: (text) => host.alert(text)
		},
		failed: () => host.alert(UNREACHABLE_TEXT)
	}));
	const channel = (made.channel = new PeerChannel({
		drops,
		hostile: (conn) => w.links().fail(conn, 'hostile'),
		renamed: (conn, name) => w.links().onChannelName(conn, name)
	}));
	const pairing = opts.pairing?.({
		selfId: () => host.selfId(),
		send: (to, data) => host.toServer({ type: 'signal', to, data }),
		clock: host.deps.clock,
		failed: (peer) => host.toServer({ type: 'code-failed', peer }),
		exhausted: () => host.giveUp(SERVER_ERRORS['code-closed'])
	});
	const links = (made.links = makePeerLinks(w, pairing));
	return { ...makeSelf(opts, w), links, drops, channel, pairing, send };
}

/** Who this tab is in the room: its membership (id, join, refusals) and its name. */
function makeSelf(opts: RoomSessionOptions, w: Wired): Pick<RoomParts, 'membership' | 'name'> {
	const name: SelfName = new SelfName(opts.selfName, {
		renamed: (previous) => membership.renamed(previous),
		sendRename: (text) => w.toServer({ type: 'rename', name: text }),
		tellPeers: (text) => {
			for (const conn of w.links().all())
				if (conn.peer.state === 'ready') w.send(conn.id, { t: 'name', name: text });
		},
		generateName: w.deps.generateName,
		alert: (text) => w.alert(text)
	});
	const membership: RoomMembership = new RoomMembership(opts.room, opts.keys, {
		randomId: w.deps.randomId,
		generateName: w.deps.generateName,
		rejoin: () => w.rejoin(),
		dropAllPeers: () =>
			w
				.links()
				.all()
				.forEach((conn) => w.links().onPeerLeft(conn.id)),
		showName: (text) => name.show(text),
		alert: (text) => w.alert(text),
		giveUp: (text) => w.fatal(text)
	});
	return { membership, name };
}

/** The peers' connections, and what becomes of the drops when a peer comes, goes or fails. */
function makePeerLinks(w: Wired, pairing: PairingPort | undefined): PeerLinks {
	// Without a drop anywhere yet, a peer that comes or goes changes nothing for the drops.
	const gone = (conn: PeerConnection, left: boolean) =>
		w.dropParts().ifAny(({ sender, receiver }) => {
			receiver.connectionLost(conn.id);
			if (left) receiver.senderLeft(conn.id);
			sender.peerGone(conn.id, left);
		});
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
		sendSignal: (to, data) => {
			w.toServer({ type: 'signal', to, data });
			w.linkSignalSent();
		},
		iceServers: () => w.iceServers(),
		pairing,
		events: {
			added: (peer) => w.peerAdded(peer),
			removed: (conn) => {
				w.peerRemoved(conn.peer);
				gone(conn, true);
			},
			ready: (conn) => {
				w.deps.warmUp();
				w.dropParts().ifAny(({ sender }) => sender.peerReady(conn));
			},
			linkDown: (conn) =>
				w.dropParts().ifAny(({ sender, receiver }) => {
					receiver.connectionLost(conn.id);
					sender.linkDropped(conn.id);
				}),
			failed: (conn) => gone(conn, false),
			text: (conn, text) => w.stopped() || w.channel().onText(conn, text),
			binary: (conn, data) => w.stopped() || w.channel().onBinary(conn, data),
			alert: (text) => w.alert(text)
		}
	});
}
