import type { WritableChannel } from '../../src/lib/drops/channel-writer';

/** A data channel that records what is sent and drains on demand. */
export class FakeChannel implements WritableChannel {
	readyState: RTCDataChannelState = 'open';
	bufferedAmount = 0;
	bufferedAmountLowThreshold = 0;
	sent: (string | Uint8Array)[] = [];
	maxBuffered = 0;
	readonly #listeners = new Map<string, Set<() => void>>();

	/** Copies what it is given, as a real data channel does: the writer reuses its frame. */
	send(data: string | Uint8Array): void {
		this.sent.push(typeof data === 'string' ? data : data.slice());
		this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
		this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
	}

	addEventListener(type: string, l: () => void): void {
		if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
		this.#listeners.get(type)!.add(l);
	}

	removeEventListener(type: string, l: () => void): void {
		this.#listeners.get(type)?.delete(l);
	}

	drain(): void {
		this.bufferedAmount = 0;
		for (const l of [...(this.#listeners.get('bufferedamountlow') ?? [])]) l();
	}

	close(): void {
		this.readyState = 'closed';
		for (const l of [...(this.#listeners.get('close') ?? [])]) l();
	}

	/** The JSON control messages sent so far, parsed. */
	messages(): Record<string, unknown>[] {
		return this.sent.filter((d): d is string => typeof d === 'string').map((t) => JSON.parse(t));
	}

	/** The binary chunks sent so far. */
	chunks(): Uint8Array[] {
		return this.sent.filter((d): d is Uint8Array => typeof d !== 'string');
	}
}
