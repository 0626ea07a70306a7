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
 * Reassembles one drop. Memory is taken as the bytes arrive, never on the header's word: each
 * chunk is kept as it came off the channel (no copy), and the whole is put together only once
 * every byte is in and its hash can be checked. It never hands out a partial or unverified image.
 */
export class DropAssembler {
	readonly header: DropHeader;
	#chunks: Uint8Array[] | null = [];
	#received = 0;
	#hash = new FillingDigest();

	private constructor(header: DropHeader) {
		this.header = header;
	}

	static start(header: DropHeader): DropAssembler | { problem: 'too-big' } {
		if (header.size > MAX_DROP_BYTES) return { problem: 'too-big' };
		return new DropAssembler(header);
	}

	get received(): number {
		return this.#received;
	}

	accept(payload: Uint8Array): ChunkResult {
		const chunks = this.#chunks;
		if (!chunks) return { kind: 'error', problem: 'overflow' };
		if (this.#received + payload.length > this.header.size) {
			this.wipe();
			return { kind: 'error', problem: 'overflow' };
		}
		chunks.push(payload);
		this.#hash.update(payload);
		this.#received += payload.length;
		if (this.#received < this.header.size) return { kind: 'progress', received: this.#received };
		return { kind: 'verifying', verified: this.#verify(this.#assemble(chunks)) };
	}

	/** The chunks in one buffer; each chunk is zeroed once it is copied. */
	#assemble(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
		const whole = new Uint8Array(this.header.size);
		let at = 0;
		for (const chunk of chunks) {
			whole.set(chunk, at);
			at += chunk.length;
			chunk.fill(0);
		}
		chunks.length = 0;
		this.#chunks = [whole];
		return whole;
	}

	async #verify(whole: Uint8Array<ArrayBuffer>): Promise<Verified> {
		const digest = await this.#hash.digestHex(whole);
		// Wiped while the hash was computed (the peer left, the drop was burned).
		if (this.#chunks?.[0] !== whole) return { kind: 'error', problem: 'wiped' };
		if (digest !== this.header.sha256) {
			this.wipe();
			return { kind: 'error', problem: 'hash-mismatch' };
		}
		this.#chunks = null;
		return { kind: 'complete', bytes: whole };
	}

	/** Zeroes what has arrived so far and lets it go. */
	wipe(): void {
		for (const chunk of this.#chunks ?? []) chunk.fill(0);
		this.#chunks = null;
	}
}
