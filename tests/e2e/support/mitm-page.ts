/**
 * What runs in Mallory's page (bundled by `mitm-relay.ts`): one RTCPeerConnection to each victim,
 * each with its own certificate. `relay` passes every message on one data channel on unchanged
 * to the other; `answer` runs the app's safety exchange with each victim herself, as the device
 * that victim expects.
 */
import { SafetyExchange } from '../../../src/lib/crypto/safety-exchange';
import type { SafetyContext } from '../../../src/lib/crypto/safety-code';
import type { PeerSignal } from '../../../src/lib/protocol/signal-envelope';
import { readDtlsFingerprints } from '../../../src/lib/webrtc/dtls-fingerprints';

export type LegId = 'offerer' | 'answerer';
export type Candidate = Extract<PeerSignal, { type: 'candidate' }>['candidate'];
/** What Mallory does with the safety exchange: pass it on, or answer each device herself. */
export type MitmMode = 'relay' | 'answer';
/** A safety context as it crosses into the page (a key as plain numbers). */
export type PageContext = Omit<SafetyContext, 'key'> & {
	key: number[];
	/** The name of the device Mallory poses as on this leg, which she reveals as her own. */
	name: string;
};

declare global {
	interface Window {
		installMitm?: (mode: MitmMode) => void;
		mitm: {
			contexts: Partial<Record<LegId, PageContext>>;
			/** The code Mallory got on each leg, when she answers the exchanges herself. */
			codes: Partial<Record<LegId, string>>;
			answer(leg: LegId, sdp: string): Promise<string>;
			offer(leg: LegId): Promise<string>;
			accept(leg: LegId, sdp: string): Promise<void>;
			candidate(leg: LegId, c: Candidate): Promise<void>;
			/** Data channels that opened, and messages carried from one to the other. */
			opened: number;
			relayed: number;
		};
		/** Bound by the Node side: carries one of Mallory's candidates to a victim. */
		mitmCandidate?: (leg: LegId, c: Candidate) => Promise<void>;
	}
}

interface Leg {
	pc: RTCPeerConnection;
	channel: RTCDataChannel | null;
	/** What the other leg said before this one's channel was open. */
	waiting: string[];
}

const legs = new Map<LegId, Leg>();
const other = (id: LegId): LegId => (id === 'offerer' ? 'answerer' : 'offerer');

/** A leg, made on first use: the other leg may need to queue for it before it is negotiated. */
function leg(id: LegId, mode: MitmMode): Leg {
	const known = legs.get(id);
	if (known) return known;
	const pc = new RTCPeerConnection();
	pc.onicecandidate = (e) => {
		if (e.candidate) void window.mitmCandidate?.(id, e.candidate.toJSON() as Candidate);
	};
	pc.ondatachannel = (e) => wire(id, e.channel, mode);
	const made: Leg = { pc, channel: null, waiting: [] };
	legs.set(id, made);
	return made;
}

/** Runs `then` once `channel` is open; a channel the other end announced may be open already. */
function whenOpen(channel: RTCDataChannel, then: () => void): void {
	if (channel.readyState === 'open') then();
	else channel.addEventListener('open', then, { once: true });
}

function relayTo(id: LegId, mode: MitmMode, data: string): void {
	const to = leg(id, mode);
	window.mitm.relayed++;
	if (to.channel?.readyState === 'open' && to.waiting.length === 0) to.channel.send(data);
	else to.waiting.push(data);
}

function answerExchange(id: LegId, channel: RTCDataChannel): void {
	const c = window.mitm.contexts[id]!;
	const exchange = new SafetyExchange({ ...c, key: new Uint8Array(c.key) }, (m) =>
		channel.send(JSON.stringify(m))
	);
	channel.onmessage = (e: MessageEvent<string>) => {
		exchange.receive(JSON.parse(e.data));
		if (exchange.outcome?.ok) window.mitm.codes[id] = exchange.outcome.code;
	};
	whenOpen(
		channel,
		() => void readDtlsFingerprints(legs.get(id)!.pc).then((fps) => exchange.start(fps, c.name))
	);
}

function wire(id: LegId, channel: RTCDataChannel, mode: MitmMode): void {
	const own = leg(id, mode);
	own.channel = channel;
	whenOpen(channel, () => {
		window.mitm.opened++;
		for (const d of own.waiting.splice(0)) channel.send(d);
	});
	if (mode === 'answer') return answerExchange(id, channel);
	channel.onmessage = (e: MessageEvent<string>) => relayTo(other(id), mode, e.data);
}

window.installMitm = (mode) => {
	window.mitm = {
		contexts: {},
		codes: {},
		opened: 0,
		relayed: 0,
		async answer(id, sdp) {
			const { pc } = leg(id, mode);
			await pc.setRemoteDescription({ type: 'offer', sdp });
			await pc.setLocalDescription(await pc.createAnswer());
			return pc.localDescription!.sdp;
		},
		async offer(id) {
			const { pc } = leg(id, mode);
			wire(id, pc.createDataChannel('vanishdrop'), mode);
			await pc.setLocalDescription(await pc.createOffer());
			return pc.localDescription!.sdp;
		},
		async accept(id, sdp) {
			await leg(id, mode).pc.setRemoteDescription({ type: 'answer', sdp });
		},
		async candidate(id, c) {
			await leg(id, mode).pc.addIceCandidate(c);
		}
	};
};
