import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { MAX_DROP_BYTES, type DropHeader } from './peer-messages';

export type IncomingProblem = 'too-big' | 'overflow' | 'hash-mismatch';

export type ChunkResult =
	| { kind: 'progress'; received: number }
	| { kind: 'complete'; bytes: Uint8Array }
	| { kind: 'error'; problem: IncomingProblem };

/**
 * Reassembles one drop into a buffer reserved once, hashing as the chunks arrive so that a 50 MB
 * drop costs no pause at the end. It never hands out a partial or unverified image.
 */
export class IncomingDrop {
	readonly header: DropHeader;
	#buffer: Uint8Array | null;
	#received = 0;
	#hash = sha256.create();

	private constructor(header: DropHeader) {
		this.header = header;
		this.#buffer = new Uint8Array(header.size);
	}

	static start(header: DropHeader): IncomingDrop | { problem: 'too-big' } {
		if (header.size > MAX_DROP_BYTES) return { problem: 'too-big' };
		return new IncomingDrop(header);
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
		const digest = bytesToHex(this.#hash.digest());
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
