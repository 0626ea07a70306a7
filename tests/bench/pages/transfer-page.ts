/**
 * The transfer bench page. The Node side opens it in two browser processes, connects them twice
 * (a plain RTCPeerConnection and the app's PeerLink) and runs one transfer at a time.
 */
import { AppLink } from './app-link';
import { AppEnd } from './app-path';
import type { TransferBenchApi, TransferMode, TransferTiming } from './bench-api';
import { receivePairDropStyle, sendPairDropStyle } from './pairdrop-style';
import { PlainPeer } from './plain-peer';
import { randomBytes } from './random-bytes';
import { receiveRaw, sendRaw } from './raw-loop';
import { sealAsTheAppDoes, sealOnMainThread } from './seal-rate';

const TRIAL_TIMEOUT_MS = 60_000;

let plain: PlainPeer | null = null;
let link: AppLink | null = null;
let data: Uint8Array<ArrayBuffer> = new Uint8Array(0);
/** What a message handler in this page threw: a broken transfer, reported to the Node side. */
let pageError: Error | null = null;

function need<T>(v: T | null, what: string): T {
	if (v === null) throw new Error(`${what} is not set up`);
	return v;
}

/** The app's writer and its end of the path, made once per channel as RoomSession does. */
const appEnds = new Map<RTCDataChannel, AppEnd>();
function appEndOn(ch: RTCDataChannel): AppEnd {
	let end = appEnds.get(ch);
	if (!end) {
		end = new AppEnd(ch, (e) => (pageError = e));
		appEnds.set(ch, end);
	}
	return end;
}

// A hash check that fails after the last chunk rejects asynchronously.
window.addEventListener('unhandledrejection', (e) => {
	pageError = e.reason instanceof Error ? e.reason : new Error(String(e.reason));
});

function guarded(run: () => void): void {
	try {
		run();
	} catch (e) {
		pageError = e instanceof Error ? e : new Error(String(e));
	}
}

/** `app-plain` reads the plain channel itself; `app` goes through PeerLink's own listener. */
function wireApp(mode: 'app' | 'app-plain'): AppEnd {
	if (mode === 'app') {
		const l = need(link, 'the app link');
		const end = appEndOn(l.channel);
		// A raw-link trial's counter must not answer the app's chunks.
		l.channel.onmessage = null;
		l.onText = (t) => guarded(() => end.onText(t));
		l.onBinary = (d) => guarded(() => end.onBinary(d));
		return end;
	}
	const ch = need(plain, 'the plain connection').channel;
	const end = appEndOn(ch);
	ch.onmessage = (e: MessageEvent<unknown>) =>
		guarded(() => (typeof e.data === 'string' ? end.onText(e.data) : end.onBinary(e.data as ArrayBuffer)));
	return end;
}

/** The raw loop on the link's channel: PeerLink's own listener must hand nothing to an app end. */
function linkForRaw(): RTCDataChannel {
	const l = need(link, 'the app link');
	l.onText = () => undefined;
	l.onBinary = () => undefined;
	return l.channel;
}

async function withTimeout<T>(p: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('transfer timed out')), TRIAL_TIMEOUT_MS);
	});
	try {
		return await Promise.race([p, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

async function send(mode: TransferMode, size: number): Promise<TransferTiming> {
	if (size > data.length) throw new RangeError('allocate() first');
	pageError = null;
	const bytes = data.subarray(0, size);
	switch (mode) {
		case 'raw':
			return { ms: await withTimeout(sendRaw(need(plain, 'plain').channel, data, size)), tap: null };
		case 'raw-link':
			return { ms: await withTimeout(sendRaw(linkForRaw(), data, size)), tap: null };
		case 'pairdrop': {
			// PairDrop reads from the File the person chose; a Blob made before the clock starts.
			const file = new Blob([bytes], { type: 'image/jpeg' });
			return { ms: await withTimeout(sendPairDropStyle(need(plain, 'plain').channel, file)), tap: null };
		}
		case 'app':
		case 'app-plain':
			return withTimeout(wireApp(mode).send(bytes));
	}
}

function receive(mode: TransferMode, size: number): void {
	pageError = null;
	switch (mode) {
		case 'raw':
			return receiveRaw(need(plain, 'plain').channel, size);
		case 'raw-link':
			return receiveRaw(linkForRaw(), size);
		case 'pairdrop':
			return receivePairDropStyle(need(plain, 'plain').channel, () => undefined);
		case 'app':
		case 'app-plain':
			wireApp(mode);
	}
}

const api: TransferBenchApi = {
	async plainOffer() {
		plain = new PlainPeer();
		return plain.offer();
	},
	async plainAnswer(offer) {
		plain = new PlainPeer();
		return plain.answer(offer);
	},
	async plainAccept(answer) {
		await need(plain, 'plain').accept(answer);
	},
	plainOpen: () => need(plain, 'plain').open,
	linkStart(setup) {
		link = new AppLink(setup, (envelope) => void window.benchSignal?.(envelope));
	},
	linkReceive(envelope) {
		need(link, 'the app link').link.receive(envelope);
	},
	linkReady: () => need(link, 'the app link').ready,
	allocate(bytes) {
		data = randomBytes(bytes);
	},
	receive,
	async send(mode, size) {
		const timing = await send(mode, size);
		if (pageError) throw pageError;
		return timing;
	},
	sealOnMainThread: (size) => sealOnMainThread(data.subarray(0, size)),
	sealAsTheAppDoes: (size) => sealAsTheAppDoes(data.subarray(0, size)),
	pageError: () => pageError?.message ?? null,
	close() {
		link?.link.close();
		plain?.close();
	}
};
window.bench = api;
