import { FillingDigest } from '../crypto/sha256-digest';
import { MAX_DROP_BYTES, type DropHeader } from '../protocol/peer-messages';

export type IncomingProblem = 'too-big' | 'overflow' | 'hash-mismatch';

export type Verified =
	| { kind: 'complete'; bytes: Uint8Array<ArrayBuffer> }
	| { kind: 'error'; problem: 'hash-mismatch' | 'wiped' };

export type ChunkResult =
	| { kind: 'progress'; received: number }
	/** Every byte is in; the hash is being checked. */
	| { kind: 'verifying'; verified: Promise<Verified> }
	| { kind: 'error'; problem: IncomingProblem };

/**
 * Reassembles one drop into a buffer reserved once, and checks its hash without a pause on the
 * main thread (see `FillingDigest`). It never hands out a partial or unverified image.
 */
export class DropAssembler {
	readonly header: DropHeader;
	#buffer: Uint8Array<ArrayBuffer> | null;
	#received = 0;
	#hash = new FillingDigest();

	private constructor(header: DropHeader) {
		this.header = header;
		this.#buffer = new Uint8Array(header.size);
	}

	static start(header: DropHeader): DropAssembler | { problem: 'too-big' } {
		if (header.size > MAX_DROP_BYTES) return { problem: 'too-big' };
		return new DropAssembler(header);
	}

	get received(): number {
		return this.#received;
	}

	accept(payload: Uint8Array): ChunkResult {
		const buffer = this.#buffer;
		if (!buffer) return { kind: 'error', problem: 'overflow' };
		if (this.#received + payload.length > buffer.length) {
			this.wipe();
			return { kind: 'error', problem: 'overflow' };
		}
		buffer.set(payload, this.#received);
		this.#hash.update(payload);
		this.#received += payload.length;
		if (this.#received < buffer.length) return { kind: 'progress', received: this.#received };
		return { kind: 'verifying', verified: this.#verify(buffer) };
	}

	async #verify(buffer: Uint8Array<ArrayBuffer>): Promise<Verified> {
		const digest = await this.#hash.digestHex(buffer);
		// Wiped while the hash was computed (the peer left, the drop was burned).
		if (this.#buffer !== buffer) return { kind: 'error', problem: 'wiped' };
		if (digest !== this.header.sha256) {
			this.wipe();
			return { kind: 'error', problem: 'hash-mismatch' };
		}
		this.#buffer = null;
		return { kind: 'complete', bytes: buffer };
	}

	/** Zeroes what has arrived so far and lets it go. */
	wipe(): void {
		this.#buffer?.fill(0);
		this.#buffer = null;
	}
}
