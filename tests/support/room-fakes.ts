import { randomToken } from '../../src/lib/crypto/base64url';
import { privateRoomKeys, generateRoomSecret, type RoomKeys } from '../../src/lib/crypto/room-keys';
import { safetyCodeKey, type DtlsFingerprints } from '../../src/lib/crypto/safety-code';
import { SafetyExchange } from '../../src/lib/crypto/safety-exchange';
import { sha256Hex } from '../../src/lib/crypto/sha256-digest';
import type { PreparedVideo } from '../../src/lib/drops/drop-content';
import type { Preparation, WatermarkMark } from '../../src/lib/drops/preparation';
import { DEFAULT_SEND_OPTIONS } from '../../src/lib/drops/send-options';
import type { PreparedPhoto } from '../../src/lib/image/prepared-photo';
import type { LinkOptions, LinkPath, LinkPort } from '../../src/lib/peers/link-port';
import type { PeerMessage } from '../../src/lib/protocol/peer-messages';
import {
	encodeChunk,
	encodePeerMessage,
	isSafetyMessage,
	parsePeerMessage,
	type SafetyMessage
} from '../../src/lib/protocol/peer-messages';
import type { PairingFactory } from '../../src/lib/peers/pairing-port';
import type { LinkRole } from '../../src/lib/protocol/signal-envelope';
import * as dropCode from '../../src/lib/room/room-drop-parts';
import type { ClientMessage, PeerInfo, ServerMessage } from '../../src/lib/protocol/signaling-messages';
import type { RoomDeps, SignalingPort } from '../../src/lib/room/room-ports';
import { RoomSession } from '../../src/lib/room/room-session.svelte';
import type { SignalingHandlers } from '../../src/lib/signaling/signaling-client';
import type { ConnectionRoute } from '../../src/lib/webrtc/connection-route';
import type { LinkFailure, LinkState } from '../../src/lib/webrtc/peer-link';
import { FakeChannel } from './fake-channel';
import { FakeClock } from './fake-clock';

/** The signaling server as a room sees it: the test says what the server sends. */
export class FakeSignaling {
	handlers: SignalingHandlers | null = null;
	readonly sent: ClientMessage[] = [];
	/** The joins the room sent again on the open socket (after a refused join). */
	readonly rejoins: ClientMessage[] = [];
	closed = false;
	/** The names the server gave each peer id, as a device tells its own name when it verifies. */
	readonly names = new Map<string, string>();

	connect(handlers: SignalingHandlers): SignalingPort {
		this.handlers = handlers;
		return {
			send: (m) => {
				this.sent.push(m);
				return !this.closed;
			},
			close: () => {
				this.closed = true;
			},
			rejoin: () => {
				if (this.handlers) this.rejoins.push(this.handlers.join());
			}
		};
	}

	deliver(m: ServerMessage): void {
		if (m.type === 'peers') for (const p of m.peers) this.names.set(p.id, p.name);
		if (m.type === 'peer-joined') this.names.set(m.peer.id, m.peer.name);
		if (m.type === 'peer-renamed') this.names.set(m.id, m.name);
		this.handlers?.onMessage(m);
	}

	/** The server's answer to a join: who else is in the room. */
	joined(selfId: string, peers: PeerInfo[]): void {
		this.deliver({ type: 'peers', self: selfId, peers, iceServers: [], lanUrls: [] });
	}

	/** The join message the room sends on (re)connect. */
	joinMessage(): ClientMessage | undefined {
		return this.handlers?.join();
	}
}

/** One connection to one peer, driven by the test: open it, fail it, speak on its channel. */
export class FakeLink implements LinkPort {
	readonly role: LinkRole;
	readonly options: LinkOptions;
	readonly #keys: RoomKeys;
	state: LinkState = 'connecting';
	channel: FakeChannel | null = null;
	readonly received: unknown[] = [];
	/** What `receive` answers; 'taken' unless a test sets otherwise. */
	receiveAnswer: 'taken' | 'dropped' | 'new-link' = 'taken';
	closedByRoom = false;
	/** ICE restarts the room asked of this link. */
	iceRestarts = 0;
	/** The certificates this side's DTLS transport reports (null: none to be read). */
	fingerprintsSeen: DtlsFingerprints | null = { local: 'sha-256 AA:BB', remote: 'sha-256 CC:DD' };
	/** The other device's end of the safety exchange, once `playSafety` made it. */
	safetyPeer: SafetyExchange | null = null;
	/** What this side said in the safety exchange: kept apart from `channel`, which holds the rest. */
	readonly safetySaid: SafetyMessage[] = [];
	/** The name the other device gives in the safety exchange; by default the one the server listed. */
	peerName: string | null = null;
	readonly #nameOf: (id: string) => string | undefined;

	constructor(
		options: LinkOptions,
		keys: RoomKeys,
		nameOf: (id: string) => string | undefined = () => undefined
	) {
		this.options = options;
		this.role = options.role;
		this.#keys = keys;
		this.#nameOf = nameOf;
	}

	/** What the other device says its name is when it verifies. */
	get saysName(): string {
		return this.peerName ?? this.#nameOf(this.options.peerId) ?? 'Some Peer';
	}

	/** The same certificates, as the other device sees them. */
	get peerFingerprints(): DtlsFingerprints {
		const seen = this.fingerprintsSeen ?? { local: 'sha-256 AA:BB', remote: 'sha-256 CC:DD' };
		return { local: seen.remote, remote: seen.local };
	}

	fingerprints(): Promise<DtlsFingerprints | null> {
		return Promise.resolve(this.fingerprintsSeen);
	}

	readRoute(): Promise<ConnectionRoute | null> {
		return Promise.resolve('direct');
	}

	receive(data: unknown): 'taken' | 'dropped' | 'new-link' {
		this.received.push(data);
		const answer = this.receiveAnswer;
		this.receiveAnswer = 'taken';
		return answer;
	}

	restartIce(): void {
		this.iceRestarts++;
	}

	/** The path under the open link goes away, or comes back. */
	path(path: LinkPath): void {
		this.options.onPath?.(path);
	}

	close(): void {
		this.closedByRoom = true;
		this.state = 'closed';
	}

	/**
	 * The data channel opens, and the other device runs the safety exchange honestly; with
	 * `honest: false` it says nothing until the test speaks for it (see `playSafety`).
	 */
	open({ honest = true } = {}): FakeChannel {
		const channel = new FakeChannel();
		const send = channel.send.bind(channel);
		channel.send = (data) => {
			const m = typeof data === 'string' ? parsePeerMessage(data) : null;
			if (!m || !isSafetyMessage(m)) return send(data);
			this.safetySaid.push(m);
			queueMicrotask(() => this.safetyPeer?.receive(m));
		};
		this.channel = channel;
		this.state = 'ready';
		this.options.onState('ready');
		if (honest) this.playSafety().start(this.peerFingerprints, this.saysName);
		return channel;
	}

	/** The other device's end of the safety exchange: it hears what this side says, and answers. */
	playSafety(): SafetyExchange {
		const o = this.options;
		const ctx = { key: safetyCodeKey(this.#keys), roomId: o.roomId, selfId: o.peerId, peerId: o.selfId };
		const peer = new SafetyExchange(ctx, (m) => queueMicrotask(() => this.say(m)));
		this.safetyPeer = peer;
		// It hears what this side said before it was there.
		for (const m of this.safetySaid) queueMicrotask(() => peer.receive(m));
		return peer;
	}

	/** The link fails, and its data channel closes with it, as a real one's does. */
	fail(failure: LinkFailure = 'connection-failed'): void {
		this.state = 'failed';
		this.options.onState('failed', failure);
		this.channel?.close();
	}

	/** The peer sends a control message (an object is encoded first). */
	say(m: PeerMessage | string): void {
		this.options.onText(typeof m === 'string' ? m : encodePeerMessage(m));
	}

	/** The peer sends a chunk of a drop. */
	chunk(stream: number, payload: Uint8Array): void {
		this.options.onBinary(encodeChunk(stream, payload).slice().buffer);
	}
}

/** Files "prepared" by the test: each waits until released, or comes out at once. */
export class FakePreparation {
	auto = true;
	readonly waiting: { file: File; resolve: () => void; signal: AbortSignal }[] = [];
	readonly outputs: PreparedPhoto[] = [];
	readonly videos: PreparedVideo[] = [];
	/** What each watermarked copy was marked with, in order. */
	readonly marks: WatermarkMark[] = [];
	/** A check that still runs on each photo's bytes as they are sent (`PreparedPhoto.checked`). */
	check: (() => Promise<void>) | null = null;

	readonly preparation: Preparation = {
		prepare: async (file, _quality, onProgress, signal) => {
			if (!this.auto) {
				await new Promise<void>((resolve, reject) => {
					this.waiting.push({ file, resolve, signal });
					signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
				});
			}
			onProgress(100);
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (bytes.length === 0) throw Object.assign(new Error('Not a photo.'), { code: 'not-an-image' });
			const photo: PreparedPhoto = { bytes, mime: 'image/jpeg', width: 10, height: 10 };
			if (this.check) photo.checked = this.check();
			this.outputs.push(photo);
			return photo;
		},
		prepareVideo: async (file, onProgress) => {
			onProgress(100);
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (bytes.length === 0) throw Object.assign(new Error('Not a video.'), { code: 'not-a-video' });
			const video: PreparedVideo = { bytes, mime: 'video/mp4', width: 16, height: 9, durationMs: 3000 };
			this.videos.push(video);
			return video;
		},
		watermark: async (photo, { name, safetyCode }) => {
			this.marks.push({ name, safetyCode });
			const mark = new TextEncoder().encode(`${name} · ${safetyCode}`);
			const bytes = new Uint8Array(photo.bytes.length + mark.length);
			bytes.set(photo.bytes);
			bytes.set(mark, photo.bytes.length);
			return { ...photo, bytes };
		},
		hash: sha256Hex
	};
}

/** A photo file of `n` bytes of a repeating pattern. */
export function photoFile(n = 1000, name = 'photo.jpg'): File {
	const bytes = new Uint8Array(n);
	for (let i = 0; i < n; i++) bytes[i] = (i * 7 + 3) & 0xff;
	return new File([bytes], name, { type: 'image/jpeg' });
}

/** A RoomSession whose every collaborator is a fake the test controls. */
export function fakeRoom(
	options: {
		names?: string[];
		selfName?: string;
		webrtc?: boolean;
		confirmByCodes?: boolean;
		pairing?: PairingFactory;
	} = {}
) {
	const clock = new FakeClock();
	const signaling = new FakeSignaling();
	const preparation = new FakePreparation();
	const links: FakeLink[] = [];
	const linkFactory = { throws: options.webrtc === false };
	const names = [...(options.names ?? [])];
	const keys = privateRoomKeys(generateRoomSecret());
	const deps: RoomDeps = {
		connectSignaling: (handlers) => signaling.connect(handlers),
		createLink: (o) => {
			// As simple-peer does in a browser without WebRTC, or with it turned off.
			if (linkFactory.throws) throw new Error('No WebRTC support: Not a supported browser');
			const link = new FakeLink(o, keys, (id) => signaling.names.get(id));
			links.push(link);
			return link;
		},
		webrtc: options.webrtc ?? true,
		clock,
		preparation: preparation.preparation,
		savedOptions: { load: () => structuredClone(DEFAULT_SEND_OPTIONS), save: () => {} },
		randomId: randomToken,
		generateName: () => names.shift() ?? 'Fresh Fern',
		warmUp: () => {},
		// At hand, not imported: the rules run as in the page once the code is there.
		loadDrops: () => dropCode
	};
	const session = new RoomSession(
		{
			room: { kind: 'private', id: keys.roomId },
			keys,
			create: false,
			selfName: options.selfName ?? 'Quiet Otter',
			confirmByCodes: options.confirmByCodes ?? false,
			...(options.pairing ? { pairing: options.pairing } : {})
		},
		deps
	);
	session.start();
	/** The newest link to `peerId`. */
	const linkTo = (peerId: string): FakeLink => {
		const link = links.filter((l) => l.options.peerId === peerId).at(-1);
		if (!link) throw new Error(`no link to ${peerId}`);
		return link;
	};
	return { session, clock, signaling, preparation, links, linkTo, keys, linkFactory };
}

/** Lets promise callbacks (hashing, the writer's queue) run. */
export async function settle(rounds = 20): Promise<void> {
	for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export const peerId = (c: string): string => c.repeat(22);
