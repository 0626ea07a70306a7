import {
	CHUNK_BYTES,
	CHUNK_HEADER_BYTES,
	encodePeerMessage,
	type PeerMessage
} from '../protocol/peer-messages';

/** The part of RTCDataChannel the writer needs; a fake in unit tests. */
export interface WritableChannel {
	readonly readyState: RTCDataChannelState;
	readonly bufferedAmount: number;
	bufferedAmountLowThreshold: number;
	send(data: string): void;
	send(data: Uint8Array<ArrayBuffer>): void;
	addEventListener(type: 'bufferedamountlow' | 'close', listener: () => void): void;
	removeEventListener(type: 'bufferedamountlow' | 'close', listener: () => void): void;
}

export class ChannelClosedError extends Error {
	constructor() {
		super('data channel closed');
	}
}

/**
 * Resolves when the channel's buffer falls to its low threshold; rejects with
 * `ChannelClosedError` if the channel closes first.
 */
export function whenDrained(ch: WritableChannel): Promise<void> {
	return new Promise((resolve, reject) => {
		const done = () => {
			ch.removeEventListener('bufferedamountlow', onLow);
			ch.removeEventListener('close', onClose);
		};
		const onLow = () => {
			done();
			resolve();
		};
		const onClose = () => {
			done();
			reject(new ChannelClosedError());
		};
		ch.addEventListener('bufferedamountlow', onLow);
		ch.addEventListener('close', onClose);
	});
}

export interface WriterLimits {
	/** Stop queuing above this many buffered bytes... */
	highWaterMark: number;
	/** ...and resume below this. */
	lowWaterMark: number;
}

/** A drop's chunks, made one at a time straight into the writer's frame. */
export interface ChunkSource {
	readonly count: number;
	/**
	 * Writes chunk `index` into `into` (room for `CHUNK_BYTES`); returns the bytes it wrote. Asked
	 * in order; a source that seals asynchronously answers with a promise, and is waited for.
	 */
	fill(index: number, into: Uint8Array): number | Promise<number>;
	/** The message that follows the last chunk, if any. */
	end?(): PeerMessage | Promise<PeerMessage>;
}

/** One drop for the writer: its header, then its chunks on `stream`. */
export interface DropBytes {
	header: PeerMessage;
	stream: number;
	source: ChunkSource;
	onProgress: (wireBytes: number) => void;
	/** The header is on the channel: from now on the other end knows of the drop. */
	onHeader?: () => void;
	signal?: AbortSignal;
}

/** Plain bytes as chunks (tests and benches; drops in the app are sealed). */
export function bytesSource(bytes: Uint8Array): ChunkSource {
	return {
		count: Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES)),
		fill(index, into) {
			const part = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
			into.set(part);
			return part.length;
		}
	};
}

export const DEFAULT_LIMITS: WriterLimits = { highWaterMark: 8 * 1024 * 1024, lowWaterMark: 1024 * 1024 };

/**
 * Writes messages to one data channel with backpressure: the channel's own buffer is the only
 * queue, bounded by the high-water mark, and drops to the same peer go one after another.
 */
export class ChannelWriter {
	readonly #channel: WritableChannel;
	readonly #limits: WriterLimits;
	/** Every chunk is framed here in turn (`send` copies it), so a drop allocates nothing per chunk. */
	readonly #frame = new Uint8Array(CHUNK_HEADER_BYTES + CHUNK_BYTES);
	#tail: Promise<void> = Promise.resolve();

	constructor(channel: WritableChannel, limits: WriterLimits = DEFAULT_LIMITS) {
		this.#channel = channel;
		this.#limits = limits;
		channel.bufferedAmountLowThreshold = limits.lowWaterMark;
	}

	get isOpen(): boolean {
		return this.#channel.readyState === 'open';
	}

	/** Control messages jump no queue but need no flow control: they are tiny. */
	sendMessage(m: PeerMessage): boolean {
		if (!this.isOpen) return false;
		try {
			this.#channel.send(encodePeerMessage(m));
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * Sends a header and then the bytes in chunks. Resolves once every byte is handed to the
	 * channel; `onProgress` gets the bytes the channel has actually put on the wire.
	 */
	sendDrop(job: DropBytes): Promise<void> {
		const run = this.#tail.then(() => this.#write(job));
		this.#tail = run.catch(() => undefined);
		return run;
	}

	async #write({ header, stream, source, onProgress, onHeader, signal }: DropBytes): Promise<void> {
		const ch = this.#channel;
		const frame = this.#frame;
		const payload = frame.subarray(CHUNK_HEADER_BYTES);
		new DataView(frame.buffer, frame.byteOffset, CHUNK_HEADER_BYTES).setUint32(0, stream);
		signal?.throwIfAborted();
		if (!this.sendMessage(header)) throw new ChannelClosedError();
		onHeader?.();
		let sent = 0;
		for (let index = 0; index < source.count;) {
			if (signal?.aborted) throw signal.reason;
			if (ch.readyState !== 'open') throw new ChannelClosedError();
			if (ch.bufferedAmount > this.#limits.highWaterMark) {
				onProgress(Math.max(0, sent - ch.bufferedAmount));
				await whenDrained(ch);
				continue;
			}
			const filled = source.fill(index++, payload);
			const length = typeof filled === 'number' ? filled : await filled;
			if (typeof filled !== 'number') {
				// The link or the drop may have gone while the chunk was being sealed.
				if (signal?.aborted) throw signal.reason;
				if (ch.readyState !== 'open') throw new ChannelClosedError();
			}
			ch.send(frame.subarray(0, CHUNK_HEADER_BYTES + length));
			sent += length;
		}
		if (source.end && !this.sendMessage(await source.end())) throw new ChannelClosedError();
		onProgress(Math.max(0, sent - ch.bufferedAmount));
	}
}
