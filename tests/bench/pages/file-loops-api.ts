/** What the file-loops page exposes to the Node side (page.evaluate). */

/**
 * The baselines of the whole-path bench, each started by choosing a file in `#file`:
 * - `raw`: the file read once, sent in 64 KiB messages below an 8 MiB high-water mark;
 * - `pairdrop`: the lean PairDrop-style loop (`pairdrop-style.ts`) from the chosen File;
 * - `encode-raw`: a single-pass encode in a worker started ahead, then the raw loop of its output.
 */
export type FileLoop = 'raw' | 'pairdrop' | 'encode-raw';

/** The single-pass encode's output size and quality (`encode-raw` only). */
export interface EncodeSettings {
	width: number;
	height: number;
	quality: number;
}

/** The sender's side of one loop, in ms since the epoch (comparable across the two browsers). */
export interface LoopSent {
	chosenAt: number;
	/** The bytes in hand: read, or encoded (`pairdrop` reads as it goes: equal to `chosenAt`). */
	readyAt: number;
	/** Bytes that went over the channel. */
	bytes: number;
}

export interface FileLoopsApi {
	plainOffer(): Promise<RTCSessionDescriptionInit>;
	plainAnswer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
	plainAccept(answer: RTCSessionDescriptionInit): Promise<void>;
	plainOpen(): Promise<void>;
	/** Sender: the next file chosen in `#file` goes through `loop`. */
	armSender(loop: FileLoop, encode?: EncodeSettings): void;
	/** Resolves once the armed loop has finished sending (the receiver's done came back). */
	sent(): Promise<LoopSent>;
	/** Receiver: the next transfer is `loop`'s. */
	armReceiver(loop: FileLoop): void;
	/** Resolves with the moment the last byte was in at the receiver (ms since the epoch). */
	received(): Promise<number>;
	/** What went wrong in this page since it was last armed. */
	pageError(): string | null;
	close(): void;
}

declare global {
	interface Window {
		fileLoops: FileLoopsApi;
	}
}
