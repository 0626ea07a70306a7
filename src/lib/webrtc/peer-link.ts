import SimplePeer, { type SimplePeerSignal } from 'simple-peer';
import { randomToken } from '../crypto/base64url';
import { openSignal, sealSignal, type SignalContext } from '../crypto/signal-auth';
import type { LinkRole, PeerSignal } from '../protocol/signal-envelope';
import type { LinkOptions, LinkPort } from '../peers/link-port';
import type { DtlsFingerprints } from '../crypto/safety-code';
import { readConnectionRoute, type ConnectionRoute } from './connection-route';
import { readDtlsFingerprints } from './dtls-fingerprints';
import { restartIce, watchIcePath } from './ice-path';
import { routeSignal } from './signal-routing';

export type LinkState = 'connecting' | 'ready' | 'failed' | 'closed';
/** `peer-no-webrtc`: the other device said its browser can't connect device to device. */
export type LinkFailure = 'unverified' | 'connection-failed' | 'peer-no-webrtc';

function toSimplePeerSignal(s: Exclude<PeerSignal, { type: 'reject' | 'unsupported' }>): SimplePeerSignal {
	return s.type === 'candidate' ? { type: 'candidate', candidate: s.candidate } : s;
}

function fromSimplePeerSignal(s: SimplePeerSignal): PeerSignal | null {
	if ((s.type === 'offer' || s.type === 'answer') && typeof s.sdp === 'string') {
		return { type: s.type, sdp: s.sdp };
	}
	if (s.candidate && typeof s.candidate.candidate === 'string') {
		return {
			type: 'candidate',
			candidate: {
				candidate: s.candidate.candidate,
				sdpMLineIndex: s.candidate.sdpMLineIndex ?? null,
				sdpMid: s.candidate.sdpMid ?? null
			}
		};
	}
	return null;
}

/** An honest sender has at most its flow-control window in flight before this side connects. */
const MAX_EARLY_BYTES = 16 * 1024 * 1024;

/**
 * One WebRTC connection to one peer. Every signal it sends is sealed with the room's MAC key
 * and every signal it receives is verified before simple-peer (and so the browser) sees it.
 */
export class PeerLink implements LinkPort {
	readonly peerId: string;
	readonly role: LinkRole;
	#opts: LinkOptions;
	#peer: SimplePeer;
	#linkId: string | null;
	#sendSeq = 0;
	#recvSeq = -1;
	#state: LinkState = 'connecting';
	/** Messages that arrived before 'connect', delivered right after it; null once connected. */
	#early: (string | ArrayBuffer)[] | null = [];
	#earlyBytes = 0;

	constructor(opts: LinkOptions) {
		this.#opts = opts;
		this.peerId = opts.peerId;
		this.role = opts.role;
		this.#linkId = opts.role === 'initiator' ? randomToken(16) : null;
		if (this.#linkId) opts.usedLinks.add(this.#linkId);
		this.#peer = new SimplePeer({
			initiator: opts.role === 'initiator',
			trickle: true,
			channelName: 'vanishdrop',
			config: { iceServers: opts.iceServers }
		});
		this.#wire();
	}

	get state(): LinkState {
		return this.#state;
	}

	get linkId(): string | null {
		return this.#linkId;
	}

	get channel(): RTCDataChannel | null {
		return this.#state === 'ready' ? this.#peer._channel : null;
	}

	fingerprints(): Promise<DtlsFingerprints | null> {
		return readDtlsFingerprints(this.#peer._pc);
	}

	readRoute(): Promise<ConnectionRoute | null> {
		return readConnectionRoute(this.#peer._pc);
	}

	#context(from: string, to: string): SignalContext {
		return { key: this.#opts.signalKey, roomId: this.#opts.roomId, from, to };
	}

	#wire(): void {
		const peer = this.#peer;
		peer.on('signal', (s) => {
			const signal = fromSimplePeerSignal(s);
			if (!signal || !this.#linkId || this.#state === 'failed') return;
			this.#sendSealed(this.#linkId, signal);
		});
		// The other side may start sending the moment its end opens, before this side's 'connect':
		// listen from the channel's first moment, and hold what comes early.
		if (peer._channel) this.#listen(peer._channel);
		else peer._pc.addEventListener('datachannel', (e) => this.#listen(e.channel), { once: true });
		peer.on('connect', () => {
			if (!peer._channel) return this.#fail('connection-failed');
			this.#setState('ready');
			const early = this.#early;
			this.#early = null;
			for (const data of early ?? []) {
				if (this.#state !== 'ready') break;
				this.#deliver(data);
			}
		});
		watchIcePath(
			peer,
			() => this.#state === 'ready',
			(path) => this.#opts.onPath?.(path)
		);
		peer.on('error', () => this.#fail('connection-failed'));
		peer.on('close', () => {
			if (this.#state !== 'failed') this.#setState('closed');
		});
	}

	/**
	 * New ICE credentials and candidates on the same link: the new offer is sealed and sent like
	 * every signal, on this link id, so only the peer can answer it. Only the side that offered.
	 */
	restartIce(): void {
		if (this.role === 'initiator' && this.#state === 'ready') restartIce(this.#peer);
	}

	#listen(channel: RTCDataChannel): void {
		channel.binaryType = 'arraybuffer';
		// simple-peer would copy every message into a Node-style stream that nobody reads.
		channel.onmessage = null;
		channel.addEventListener('message', (e: MessageEvent<unknown>) => {
			const data = e.data;
			if (typeof data !== 'string' && !(data instanceof ArrayBuffer)) return;
			if (!this.#early) return this.#deliver(data);
			this.#earlyBytes += typeof data === 'string' ? data.length : data.byteLength;
			if (this.#earlyBytes > MAX_EARLY_BYTES) return this.#fail('connection-failed');
			this.#early.push(data);
		});
	}

	#deliver(data: string | ArrayBuffer): void {
		if (typeof data === 'string') this.#opts.onText(data);
		else this.#opts.onBinary(data);
	}

	#sendSealed(link: string, signal: PeerSignal): void {
		const ctx = this.#context(this.#opts.selfId, this.peerId);
		this.#opts.sendSignal(
			this.peerId,
			sealSignal(ctx, { link, seq: this.#sendSeq++, role: this.role, signal })
		);
	}

	/**
	 * Feeds a signal relayed by the server. Returns 'new-link' when it is a fresh offer from the
	 * peer that this link can't take: the caller answers it on a new responder link.
	 */
	receive(data: unknown): 'taken' | 'dropped' | 'new-link' {
		if (this.#state === 'failed' || this.#state === 'closed') return 'dropped';
		const opened = openSignal(this.#context(this.peerId, this.#opts.selfId), data);
		// Sealed like any signal: only a member of the room can say it.
		if (opened.ok && opened.signal.type === 'unsupported') {
			this.#fail('peer-no-webrtc');
			return 'dropped';
		}
		const verdict = routeSignal(
			{
				role: this.role,
				linkId: this.#linkId,
				recvSeq: this.#recvSeq,
				ready: this.#state === 'ready',
				polite: this.#opts.selfId < this.peerId
			},
			opened,
			this.#opts.usedLinks
		);
		switch (verdict.action) {
			case 'ignore':
				return 'dropped';
			case 'new-link':
				return 'new-link';
			case 'refuse':
				// Tell the other side, so it fails too rather than wait; it checks our MAC on this.
				if (verdict.rejectLink) this.#sendSealed(verdict.rejectLink, { type: 'reject' });
				this.#fail('unverified');
				return 'dropped';
			case 'rejected':
				this.#fail('unverified');
				return 'dropped';
			case 'feed':
				break;
		}
		if (!opened.ok || opened.signal.type === 'reject' || opened.signal.type === 'unsupported')
			return 'dropped';
		if (verdict.adoptLink) {
			this.#linkId = verdict.adoptLink;
			this.#opts.usedLinks.add(verdict.adoptLink);
		}
		this.#recvSeq = opened.seq;
		try {
			this.#peer.signal(toSimplePeerSignal(opened.signal));
		} catch {
			this.#fail('connection-failed');
			return 'dropped';
		}
		return 'taken';
	}

	#setState(state: LinkState, failure?: LinkFailure): void {
		if (this.#state === state) return;
		this.#state = state;
		this.#opts.onState(state, failure);
	}

	#fail(reason: LinkFailure): void {
		if (this.#state === 'failed' || this.#state === 'closed') return;
		this.#setState('failed', reason);
		this.#peer.destroy();
	}

	close(): void {
		if (this.#state === 'closed') return;
		this.#peer.removeAllListeners();
		this.#peer.on('error', () => undefined);
		this.#peer.destroy();
		this.#state = 'closed';
	}
}
