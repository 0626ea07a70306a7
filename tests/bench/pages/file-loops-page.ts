/**
 * The whole-path bench's baselines, in a page of their own in the same two browser processes as
 * the app: each starts when a file is chosen in `#file`, as the app's path does, and ends when
 * its last byte is in at the other page. A plain RTCPeerConnection carries them.
 */
import type { EncodeSettings, FileLoop, FileLoopsApi, LoopSent } from './file-loops-api';
import { receivePairDropStyle, sendPairDropStyle } from './pairdrop-style';
import { PlainPeer } from './plain-peer';
import type { BaselineReply, BaselineRequest } from './prepare-baseline-messages';
import { RAW_DONE, sendRaw } from './raw-loop';

const now = () => performance.timeOrigin + performance.now();

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (v: T) => void;
	reject: (e: Error) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (v: T) => void;
	let reject!: (e: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	// Read by `sent()` / `received()`; an unread failure is still reported by `pageError()`.
	promise.catch(() => undefined);
	return { promise, resolve, reject };
}

let peer: PlainPeer | null = null;
let pageError: Error | null = null;
let armed: { loop: FileLoop; encode?: EncodeSettings; done: Deferred<LoopSent> } | null = null;
let sending: Deferred<LoopSent> | null = null;
let receiving: Deferred<number> | null = null;

const spawnEncoder = () =>
	new Worker(new URL('./prepare-baseline.worker.ts', import.meta.url), { type: 'module' });
/** Started ahead, as the app keeps a spare preparation worker. */
let spareEncoder: Worker | null = spawnEncoder();

function channel(): RTCDataChannel {
	if (!peer) throw new Error('the plain connection is not set up');
	return peer.channel;
}

function fail(e: unknown): Error {
	pageError = e instanceof Error ? e : new Error(String(e));
	return pageError;
}

/** The least a sender can do: a size, then the bytes in 64 KiB messages (`sendRaw`). */
async function sendBytes(ch: RTCDataChannel, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
	ch.send(JSON.stringify({ size: bytes.length }));
	await sendRaw(ch, bytes, bytes.length);
}

async function encode(file: File, s: EncodeSettings): Promise<Uint8Array<ArrayBuffer>> {
	const worker = spareEncoder ?? spawnEncoder();
	spareEncoder = null;
	try {
		const request: BaselineRequest = { kind: 'baseline', file, maxEdge: 0, ...s };
		const reply = await new Promise<BaselineReply>((resolve, reject) => {
			worker.addEventListener('message', (e: MessageEvent<BaselineReply>) => resolve(e.data));
			worker.addEventListener('error', () => reject(new Error('encoder worker failed')));
			worker.postMessage(request);
		});
		if (!reply.ok) throw new Error(reply.message);
		return new Uint8Array(reply.bytes);
	} finally {
		worker.terminate();
	}
}

async function runLoop(loop: FileLoop, file: File, chosenAt: number, s?: EncodeSettings): Promise<LoopSent> {
	const ch = channel();
	if (loop === 'pairdrop') {
		await sendPairDropStyle(ch, file);
		return { chosenAt, readyAt: chosenAt, bytes: file.size };
	}
	let bytes: Uint8Array<ArrayBuffer>;
	if (loop === 'raw') bytes = new Uint8Array(await file.arrayBuffer());
	else if (s) bytes = await encode(file, s);
	else throw new Error('encode-raw needs its settings');
	const readyAt = now();
	await sendBytes(ch, bytes);
	return { chosenAt, readyAt, bytes: bytes.length };
}

document.addEventListener(
	'change',
	(e) => {
		if (!(e.target instanceof HTMLInputElement) || e.target.id !== 'file' || !armed) return;
		const chosenAt = now();
		const file = e.target.files?.[0];
		// The same file chosen again must fire `change` again.
		e.target.value = '';
		const { loop, encode: settings, done } = armed;
		armed = null;
		if (!file) return done.reject(fail(new Error('no file chosen')));
		runLoop(loop, file, chosenAt, settings).then(done.resolve, (err: unknown) => done.reject(fail(err)));
	},
	true
);

/** Keeps what arrives, as any receiver must, and lets it go once it is all in. */
function receiveBytes(ch: RTCDataChannel, done: (at: number) => void): void {
	let size = -1;
	let received = 0;
	let chunks: ArrayBuffer[] = [];
	ch.onmessage = (e: MessageEvent<unknown>) => {
		if (typeof e.data === 'string') {
			size = (JSON.parse(e.data) as { size: number }).size;
			return;
		}
		const chunk = e.data as ArrayBuffer;
		chunks.push(chunk);
		received += chunk.byteLength;
		if (received !== size) return;
		const at = now();
		chunks = [];
		ch.send(RAW_DONE);
		done(at);
	};
}

const api: FileLoopsApi = {
	async plainOffer() {
		peer = new PlainPeer();
		return peer.offer();
	},
	async plainAnswer(offer) {
		peer = new PlainPeer();
		return peer.answer(offer);
	},
	async plainAccept(answer) {
		if (!peer) throw new Error('no offer made');
		await peer.accept(answer);
	},
	plainOpen: () => (peer ? peer.open : Promise.reject(new Error('no connection'))),
	armSender(loop, encodeSettings) {
		pageError = null;
		sending = deferred();
		armed = { loop, encode: encodeSettings, done: sending };
	},
	sent() {
		if (!sending) return Promise.reject(new Error('not armed'));
		const done = sending.promise;
		// The next spare encoder loads after the trial, not during it.
		return done.finally(() => (spareEncoder ??= spawnEncoder()));
	},
	armReceiver(loop) {
		pageError = null;
		const done = deferred<number>();
		receiving = done;
		const ch = channel();
		if (loop === 'pairdrop') receivePairDropStyle(ch, () => done.resolve(now()));
		else receiveBytes(ch, done.resolve);
	},
	received: () => receiving?.promise ?? Promise.reject(new Error('not armed')),
	pageError: () => pageError?.message ?? null,
	close() {
		peer?.close();
	}
};
window.fileLoops = api;
