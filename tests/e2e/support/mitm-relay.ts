import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { randomToken } from '#crypto/base64url';
import { publicRoomKeys } from '#crypto/room-keys';
import { safetyCodeKey, type SafetyContext } from '#crypto/safety-code';
import type { SafetyExchange } from '#crypto/safety-exchange';
import type { readDtlsFingerprints } from '../../../src/lib/webrtc/dtls-fingerprints';
import { openSignal, sealSignal, signalSealKey, type OpenedSignal } from '#crypto/signal-auth';
import type { LinkRole, PeerSignal } from '#protocol/signal-envelope';
import { parseClientMessage } from '#protocol/signaling-messages';
import { startSignalingProxy } from './signaling-proxy';

type LegId = 'offerer' | 'answerer';
type Candidate = Extract<PeerSignal, { type: 'candidate' }>['candidate'];
/** What Mallory does with the safety exchange: pass it on, or answer each device herself. */
export type MitmMode = 'relay' | 'answer';
/** A safety context as it crosses into the page (a key as plain numbers). */
type PageContext = Omit<SafetyContext, 'key'> & { key: number[] };

declare global {
	interface Window {
		/** The app's own safety exchange, bundled for Mallory's page. */
		vanish?: { SafetyExchange: typeof SafetyExchange; readDtlsFingerprints: typeof readDtlsFingerprints };
		mitm: {
			mode: MitmMode;
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
		mitmCandidate?: (leg: LegId, c: Candidate) => Promise<void>;
	}
}

/** The app's safety exchange and fingerprint reader as one script for a blank page. */
async function exchangeBundle(): Promise<string> {
	const root = fileURLToPath(new URL('../../../', import.meta.url));
	const entry = `export { SafetyExchange } from './src/lib/crypto/safety-exchange';
export { readDtlsFingerprints } from './src/lib/webrtc/dtls-fingerprints';`;
	const out = await build({
		stdin: { contents: entry, resolveDir: root, loader: 'ts' },
		bundle: true,
		format: 'iife',
		globalName: 'vanish',
		write: false
	});
	return out.outputFiles[0]!.text;
}

/**
 * Mallory's browser: one RTCPeerConnection to each victim, each with its own certificate.
 * `relay` passes every message on one data channel on unchanged to the other; `answer` runs the
 * safety exchange with each victim herself, as the device it expects.
 */
async function installRelayPage(page: Page, mode: MitmMode): Promise<void> {
	await page.goto('about:blank');
	if (mode === 'answer') await page.addScriptTag({ content: await exchangeBundle() });
	await page.evaluate((mode) => {
		type Leg = { pc: RTCPeerConnection; channel: RTCDataChannel | null; waiting: string[] };
		const legs = new Map<LegId, Leg>();
		const other = (id: LegId): LegId => (id === 'offerer' ? 'answerer' : 'offerer');
		const answerExchange = (id: LegId, channel: RTCDataChannel) => {
			const { SafetyExchange, readDtlsFingerprints } = window.vanish!;
			const c = window.mitm.contexts[id]!;
			const ctx = { ...c, key: new Uint8Array(c.key) };
			const exchange = new SafetyExchange(ctx, (m) => channel.send(JSON.stringify(m)));
			channel.onmessage = (e: MessageEvent<string>) => {
				exchange.receive(JSON.parse(e.data));
				if (exchange.outcome?.ok) window.mitm.codes[id] = exchange.outcome.code;
			};
			const start = () => void readDtlsFingerprints(legs.get(id)!.pc).then((fps) => exchange.start(fps));
			if (channel.readyState === 'open') start();
			else channel.addEventListener('open', start);
		};
		const wire = (id: LegId, channel: RTCDataChannel) => {
			const own = legs.get(id)!;
			own.channel = channel;
			const flush = () => {
				window.mitm.opened++;
				for (const d of own.waiting.splice(0)) channel.send(d);
			};
			// A channel announced by the other end may be open already: then no 'open' follows.
			if (channel.readyState === 'open') flush();
			else channel.onopen = flush;
			if (mode === 'answer') return answerExchange(id, channel);
			channel.onmessage = (e: MessageEvent<string>) => {
				// The other leg may not exist yet: what it is to carry waits for it.
				const to = leg(other(id));
				window.mitm.relayed++;
				if (to.channel?.readyState === 'open' && to.waiting.length === 0) to.channel.send(e.data);
				else to.waiting.push(e.data);
			};
		};
		const leg = (id: LegId): Leg => {
			const known = legs.get(id);
			if (known) return known;
			const pc = new RTCPeerConnection();
			pc.onicecandidate = (e) => {
				if (e.candidate) void window.mitmCandidate?.(id, e.candidate.toJSON() as Candidate);
			};
			pc.ondatachannel = (e) => wire(id, e.channel);
			const made: Leg = { pc, channel: null, waiting: [] };
			legs.set(id, made);
			return made;
		};
		window.mitm = {
			mode,
			contexts: {},
			codes: {},
			opened: 0,
			relayed: 0,
			async answer(id, sdp) {
				const { pc } = leg(id);
				await pc.setRemoteDescription({ type: 'offer', sdp });
				await pc.setLocalDescription(await pc.createAnswer());
				return pc.localDescription!.sdp;
			},
			async offer(id) {
				const { pc } = leg(id);
				wire(id, pc.createDataChannel('vanishdrop'));
				await pc.setLocalDescription(await pc.createOffer());
				return pc.localDescription!.sdp;
			},
			async accept(id, sdp) {
				await leg(id).pc.setRemoteDescription({ type: 'answer', sdp });
			},
			async candidate(id, c) {
				await leg(id).pc.addIceCandidate(c);
			}
		};
	}, mode);
}

/** Mallory's end of one victim's connection, and what she must seal to look like the other device. */
interface LegState {
	victim: string;
	posingAs: string;
	role: LinkRole;
	link: string;
	seq: number;
}

/**
 * A server that really sits in the middle of a public room, where it knows the signal key (it
 * comes from the code): it answers each device's signals itself, from Mallory's browser, so each
 * device's DTLS connection ends at Mallory's, and the data channels are joined end to end.
 */
export async function startMitmRelay(target: { port: number }, mallory: Page, mode: MitmMode = 'relay') {
	await installRelayPage(mallory, mode);
	let room: { code: string; key: Uint8Array } | null = null;
	const legs = new Map<LegId, LegState>();
	let chain = Promise.resolve();
	const proxy = await startSignalingProxy(target, {
		fromBrowser: (socket, text) => {
			const m = parseClientMessage(text);
			if (m?.type === 'join' && m.room.kind === 'public') {
				room = { code: m.room.code, key: signalSealKey(publicRoomKeys(m.room.code)) };
			}
			if (m?.type !== 'signal' || !room || !socket.peerId) return text;
			const ctx = { key: room.key, roomId: room.code, from: socket.peerId, to: m.to };
			const opened = openSignal(ctx, m.data);
			chain = chain.then(() => onSignal(socket.peerId!, m.to, opened)).catch(() => undefined);
			return null;
		}
	});

	/** Mallory's safety context on one leg: she speaks as the device the victim expects. */
	const contextFor = (id: LegId, leg: LegState) => {
		const key = [...safetyCodeKey(publicRoomKeys(room!.code))];
		const ctx: PageContext = { key, roomId: room!.code, selfId: leg.posingAs, peerId: leg.victim };
		return mallory.evaluate(([id, ctx]) => void (window.mitm.contexts[id] = ctx), [id, ctx] as const);
	};
	const sendTo = (leg: LegState, signal: PeerSignal) => {
		const ctx = { key: room!.key, roomId: room!.code, from: leg.posingAs, to: leg.victim };
		const data = sealSignal(ctx, { link: leg.link, seq: leg.seq++, role: leg.role, signal });
		proxy.socketOf(leg.victim)?.toBrowser(JSON.stringify({ type: 'signal', from: leg.posingAs, data }));
	};
	await mallory.exposeFunction('mitmCandidate', (id: LegId, candidate: Candidate) => {
		const leg = legs.get(id);
		if (leg) sendTo(leg, { type: 'candidate', candidate });
	});

	async function onSignal(from: string, to: string, opened: OpenedSignal): Promise<void> {
		if (!opened.ok) return;
		const { signal } = opened;
		const id: LegId = opened.role === 'initiator' ? 'offerer' : 'answerer';
		if (signal.type === 'offer' && !legs.has('offerer')) {
			// The newcomer's offer: Mallory answers it, and makes her own offer to the other device.
			const offerer = { victim: from, posingAs: to, role: 'responder' as const, link: opened.link, seq: 0 };
			legs.set('offerer', offerer);
			await contextFor('offerer', offerer);
			const answer = await mallory.evaluate(({ sdp }) => window.mitm.answer('offerer', sdp), signal);
			sendTo(offerer, { type: 'answer', sdp: answer });
			const answerer = {
				victim: to,
				posingAs: from,
				role: 'initiator' as const,
				link: randomToken(16),
				seq: 0
			};
			legs.set('answerer', answerer);
			await contextFor('answerer', answerer);
			sendTo(answerer, { type: 'offer', sdp: await mallory.evaluate(() => window.mitm.offer('answerer')) });
		} else if (signal.type === 'answer' && id === 'answerer') {
			await mallory.evaluate(({ sdp }) => window.mitm.accept('answerer', sdp), signal);
		} else if (signal.type === 'candidate' && legs.has(id)) {
			await mallory.evaluate(([leg, c]) => window.mitm.candidate(leg, c), [id, signal.candidate] as const);
		}
	}

	return {
		...proxy,
		/** Whether both of Mallory's data channels opened, and how many messages she relayed. */
		relayStats: () =>
			mallory.evaluate(() => ({
				opened: window.mitm.opened,
				relayed: window.mitm.relayed,
				codes: window.mitm.codes
			}))
	};
}
