/** What the bench pages expose to the Node side (page.evaluate), typed once for both. */
import type { WorkerPrepareKind } from './prepare-baseline-messages';
import type { SendTap } from './tapped-channel';
import type { DropCipher } from '../../../src/lib/crypto/drop-sealing';

/** `raw-link`: the raw loop on the app's PeerLink channel, to tell the link from the app's modules. */
export type TransferMode = 'raw' | 'pairdrop' | 'app' | 'app-plain' | 'raw-link';

export interface TransferTiming {
	/** From the first byte handed to the sender's code to the receipt back at the sender. */
	ms: number;
	/** The sender's writer loop as the tapped channel saw it (app paths only). */
	tap: SendTap | null;
}

export interface LinkSetup {
	role: 'initiator' | 'responder';
	selfId: string;
	peerId: string;
	roomId: string;
	/** The room's signal key (`signalSealKey`), base64url. */
	signalKey: string;
}

export interface TransferBenchApi {
	/** A plain RTCPeerConnection with one data channel, for the baselines and `app-plain`. */
	plainOffer(): Promise<RTCSessionDescriptionInit>;
	plainAnswer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
	plainAccept(answer: RTCSessionDescriptionInit): Promise<void>;
	plainOpen(): Promise<void>;
	/** The app's own PeerLink (simple-peer, sealed signals), for `app`. */
	linkStart(setup: LinkSetup): void;
	linkReceive(envelope: unknown): void;
	linkReady(): Promise<void>;
	/** Incompressible bytes to send, made once. */
	allocate(bytes: number): void;
	/** Arms the receiving side for one transfer. */
	receive(mode: TransferMode, size: number): void;
	send(mode: TransferMode, size: number): Promise<TransferTiming>;
	/** Seals `size` bytes with XChaCha20-Poly1305 (plain-http pages) on this page's main thread; the ms taken. */
	sealOnMainThread(size: number): number;
	/** The same bytes sealed as the app seals them on this page (its cipher here): total and main-thread ms. */
	sealAsTheAppDoes(size: number): Promise<{ cipher: DropCipher; ms: number; mainMs: number }>;
	/** What a message handler in this page threw since the last `receive` or `send`. */
	pageError(): string | null;
	close(): void;
}

export interface PrepareBaselineResult {
	ms: number;
	bytes: number;
}

/** `module`: the app's `preparePhoto` with its own worker; the rest: see `WorkerPrepareKind`. */
export type PrepareKind = WorkerPrepareKind | 'module';

export interface PrepareSettings {
	/** The baseline's output size: the photo's upright size fitted in `maxEdge`. */
	width: number;
	height: number;
	maxEdge: number;
	quality: number;
}

export interface PhotoBaselinesApi {
	/** Prepares the file chosen in `#file` one way; returns the time from the call to the bytes. */
	prepare(kind: PrepareKind, settings: PrepareSettings): Promise<PrepareBaselineResult>;
	/** The JPEG made by the last `baseline` preparation, base64. */
	lastPrepared(): string;
	/** Decodes a JPEG, draws it on a canvas and waits for the next frame; returns the ms taken. */
	view(jpegBase64: string): Promise<number>;
}

declare global {
	interface Window {
		bench: TransferBenchApi;
		photoBaselines: PhotoBaselinesApi;
		/** Bound by the Node side: carries a sealed signal to the other page. */
		benchSignal?: (envelope: unknown) => Promise<void>;
	}
}
