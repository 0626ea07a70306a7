import type { WritableChannel } from '../../../src/lib/drops/channel-writer';
import { CHUNK_BYTES } from '../../../src/lib/protocol/chunk-frames';

/** What the tap saw of one drop's sending: how busy the writer's loop kept the main thread. */
export interface SendTap {
	/** Binary messages sent. */
	chunks: number;
	/** Main-thread time between one chunk's `send` and the next within a burst: sealing, hashing, framing. */
	fillMs: number;
	/** Chunks sent while less than one chunk was queued: the channel had run dry, waiting for the sender. */
	dry: number;
	/** When (performance.now) the first text message went (the header), the last chunk, the last text message (the trailer). */
	headerAt: number;
	lastChunkAt: number;
	trailerAt: number;
}

const EMPTY: SendTap = { chunks: 0, fillMs: 0, dry: 0, headerAt: NaN, lastChunkAt: NaN, trailerAt: NaN };

/** Gaps longer than this are waits for the channel to drain, not work. */
const BURST_GAP_MS = 4;

/**
 * The data channel as the app's ChannelWriter sees it, with every binary `send` timed and the
 * channel's queue read at that moment. Nothing in the app changes: the writer is handed this
 * instead of the channel itself.
 */
export class TappedChannel implements WritableChannel {
	readonly #ch: RTCDataChannel;
	#tap: SendTap = { ...EMPTY };
	#lastSend = -Infinity;

	constructor(ch: RTCDataChannel) {
		this.#ch = ch;
	}

	/** What was seen since the last call. */
	take(): SendTap {
		const tap = this.#tap;
		this.#tap = { ...EMPTY };
		this.#lastSend = -Infinity;
		return tap;
	}

	get readyState(): RTCDataChannelState {
		return this.#ch.readyState;
	}
	get bufferedAmount(): number {
		return this.#ch.bufferedAmount;
	}
	get bufferedAmountLowThreshold(): number {
		return this.#ch.bufferedAmountLowThreshold;
	}
	set bufferedAmountLowThreshold(v: number) {
		this.#ch.bufferedAmountLowThreshold = v;
	}

	send(data: string): void;
	send(data: Uint8Array<ArrayBuffer>): void;
	send(data: string | Uint8Array<ArrayBuffer>): void {
		if (typeof data === 'string') {
			this.#ch.send(data);
			const at = performance.now();
			if (Number.isNaN(this.#tap.headerAt)) this.#tap.headerAt = at;
			else this.#tap.trailerAt = at;
			return;
		}
		const now = performance.now();
		const gap = now - this.#lastSend;
		if (gap < BURST_GAP_MS) this.#tap.fillMs += gap;
		if (this.#tap.chunks > 0 && this.#ch.bufferedAmount < CHUNK_BYTES) this.#tap.dry++;
		this.#tap.chunks++;
		this.#ch.send(data);
		this.#lastSend = performance.now();
		this.#tap.lastChunkAt = this.#lastSend;
	}

	addEventListener(type: 'bufferedamountlow' | 'close', listener: () => void): void {
		this.#ch.addEventListener(type, listener);
	}
	removeEventListener(type: 'bufferedamountlow' | 'close', listener: () => void): void {
		this.#ch.removeEventListener(type, listener);
	}
}
