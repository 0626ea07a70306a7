import SimplePeer, { type SimplePeerSignal } from 'simple-peer/simplepeer.min.js';
import { randomToken } from '../crypto/base64url';
import {
	openSignal,
	sealSignal,
	type LinkRole,
	type PeerSignal,
	type SignalContext,
	type SignalEnvelope
} from '../crypto/signal-auth';
import type { IceServerConfig } from '../protocol/signaling-protocol';

export type LinkState = 'connecting' | 'ready' | 'failed' | 'closed';
export type LinkFailure = 'unverified' | 'connection-failed' | 'stuck';

export interface PeerLinkOptions {
	selfId: string;
	peerId: string;
	roomId: string;
	macKey: Uint8Array;
	role: LinkRole;
	iceServers: IceServerConfig[];
	/** Test-only knob (relay-only ICE), never set by the app. */
	iceTransportPolicy?: RTCIceTransportPolicy;
	sendSignal: (to: string, envelope: SignalEnvelope) => void;
	onState: (state: LinkState, failure?: LinkFailure) => void;
	onText: (text: string) => void;
	onBinary: (data: ArrayBuffer) => void;
}

function toSimplePeerSignal(s: Exclude<PeerSignal, { type: 'reject' }>): SimplePeerSignal {
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

/**
 * One WebRTC connection to one peer. Every signal it sends is sealed with the room's MAC key
 * and every signal it receives is verified before simple-peer (and so the browser) sees it.
 */
export class PeerLink {
	readonly peerId: string;
	readonly role: LinkRole;
	#opts: PeerLinkOptions;
	#peer: SimplePeer;
	#linkId: string | null;
	#sendSeq = 0;
	#recvSeq = -1;
	#state: LinkState = 'connecting';

	constructor(opts: PeerLinkOptions, linkId?: string) {
		this.#opts = opts;
		this.peerId = opts.peerId;
		this.role = opts.role;
		this.#linkId = opts.role === 'initiator' ? randomToken(16) : (linkId ?? null);
		this.#peer = new SimplePeer({
			initiator: opts.role === 'initiator',
			trickle: true,
			channelName: 'vanishdrop',
			config: {
				iceServers: opts.iceServers,
				...(opts.iceTransportPolicy ? { iceTransportPolicy: opts.iceTransportPolicy } : {})
			}
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

	get connection(): RTCPeerConnection {
		return this.#peer._pc;
	}

	#context(from: string, to: string): SignalContext {
		return { macKey: this.#opts.macKey, roomId: this.#opts.roomId, from, to };
	}

	#wire(): void {
		const peer = this.#peer;
		peer.on('signal', (s) => {
			const signal = fromSimplePeerSignal(s);
			if (!signal || !this.#linkId || this.#state === 'failed') return;
			this.#sendSealed(this.#linkId, signal);
		});
		peer.on('connect', () => {
			const channel = peer._channel;
			if (!channel) return this.#fail('connection-failed');
			channel.binaryType = 'arraybuffer';
			// We read the channel ourselves (simple-peer's stream turns text into bytes); keep its
			// stream flowing so it buffers nothing.
			peer.on('data', () => undefined);
			channel.addEventListener('message', (e: MessageEvent<unknown>) => {
				if (typeof e.data === 'string') this.#opts.onText(e.data);
				else if (e.data instanceof ArrayBuffer) this.#opts.onBinary(e.data);
			});
			this.#setState('ready');
		});
		peer.on('error', () => this.#fail('connection-failed'));
		peer.on('close', () => {
			if (this.#state !== 'failed') this.#setState('closed');
		});
	}

	#sendSealed(link: string, signal: PeerSignal): void {
		const ctx = this.#context(this.#opts.selfId, this.peerId);
		this.#opts.sendSignal(
			this.peerId,
			sealSignal(ctx, { link, seq: this.#sendSeq++, role: this.role, signal })
		);
	}

	/** Feeds a signal relayed by the server. Returns false when it was refused. */
	receive(data: unknown): boolean {
		if (this.#state === 'failed' || this.#state === 'closed') return false;
		const opened = openSignal(this.#context(this.peerId, this.#opts.selfId), data);
		const expectedRole: LinkRole = this.role === 'initiator' ? 'responder' : 'initiator';
		if (!opened.ok || opened.role !== expectedRole) {
			// Tell the other side, so it fails too rather than wait; it checks our MAC on this.
			if (!opened.ok && opened.reason === 'bad-mac') this.#sendSealed(opened.link, { type: 'reject' });
			this.#fail('unverified');
			return false;
		}
		if (opened.signal.type === 'reject') {
			if (opened.link === this.#linkId) this.#fail('unverified');
			return false;
		}
		if (this.#linkId === null && opened.signal.type === 'offer') this.#linkId = opened.link;
		// A stale or replayed signal from an earlier link or an earlier point is dropped quietly.
		if (opened.link !== this.#linkId || opened.seq <= this.#recvSeq) return false;
		this.#recvSeq = opened.seq;
		try {
			this.#peer.signal(toSimplePeerSignal(opened.signal));
		} catch {
			this.#fail('connection-failed');
			return false;
		}
		return true;
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

	markStuck(): void {
		if (this.#state === 'connecting') this.#fail('stuck');
	}

	close(): void {
		if (this.#state === 'closed') return;
		this.#peer.removeAllListeners();
		this.#peer.on('error', () => undefined);
		this.#peer.destroy();
		this.#state = 'closed';
	}
}
