import { fromBase64Url } from '../crypto/base64url';
import { ChunkedDigest } from '../crypto/chunked-digest';
import { describeCopy, plainSize, SALT_BYTES, sealedSize, type SealedCopy } from '../crypto/drop-sealing';
import { MAX_DROP_BYTES, MAX_TEXT_BYTES, type DropHeader } from '../protocol/peer-messages';

export type Verified =
	| { kind: 'complete'; chunks: Uint8Array[]; copy: SealedCopy }
	| { kind: 'error'; problem: 'hash-mismatch' | 'early-end' | 'wiped' };

export type ChunkResult =
	| { kind: 'progress'; received: number }
	/** Every byte is in: the `drop-end` with the digest comes next. */
	| { kind: 'all-in' }
	| { kind: 'error'; problem: 'overflow' };

/**
 * Reassembles one drop's sealed bytes. Memory is taken as the bytes arrive, never on the header's
 * word: each chunk is kept as it came off the channel (no copy), and hashed as it goes by. The
 * drop is complete once every byte is in and the sender's `drop-end` digest matches; it never
 * hands out a partial or unverified copy.
 */
export class DropAssembler {
	readonly header: DropHeader;
	readonly copy: SealedCopy;
	#chunks: Uint8Array[] | null = [];
	#received = 0;
	readonly #digest = new ChunkedDigest();

	private constructor(header: DropHeader, copy: SealedCopy) {
		this.header = header;
		this.copy = copy;
	}

	static start(header: DropHeader): DropAssembler | { problem: 'too-big' | 'bad-size' } {
		const cap = header.kind === 'text' ? sealedSize(MAX_TEXT_BYTES) : MAX_DROP_BYTES;
		if (header.size > cap) return { problem: 'too-big' };
		const plain = plainSize(header.size);
		const salt = fromBase64Url(header.salt);
		if (plain === null || salt?.length !== SALT_BYTES) return { problem: 'bad-size' };
		// The copy the header describes: `plainSize` gave the one plain size whose sealed size it is.
		return new DropAssembler(header, describeCopy(header.id, plain, header.cipher, salt));
	}

	get received(): number {
		return this.#received;
	}

	get allIn(): boolean {
		return this.#received === this.header.size;
	}

	accept(payload: Uint8Array): ChunkResult {
		const chunks = this.#chunks;
		if (!chunks || this.#received + payload.length > this.header.size) {
			this.wipe();
			return { kind: 'error', problem: 'overflow' };
		}
		chunks.push(payload);
		this.#digest.add(payload);
		this.#received += payload.length;
		return this.allIn ? { kind: 'all-in' } : { kind: 'progress', received: this.#received };
	}

	/** The sender's `drop-end`: checks the digest of what arrived against it. */
	async finish(sha256: string): Promise<Verified> {
		const chunks = this.#chunks;
		if (!chunks || !this.allIn) {
			this.wipe();
			return { kind: 'error', problem: 'early-end' };
		}
		const digest = await this.#digest.hex();
		// Wiped while the hash was computed (the peer left, the drop was burned).
		if (this.#chunks !== chunks) return { kind: 'error', problem: 'wiped' };
		if (digest !== sha256) {
			this.wipe();
			return { kind: 'error', problem: 'hash-mismatch' };
		}
		this.#chunks = null;
		return { kind: 'complete', chunks, copy: this.copy };
	}

	/** Zeroes what has arrived so far and lets it go. */
	wipe(): void {
		for (const chunk of this.#chunks ?? []) chunk.fill(0);
		this.#chunks = null;
	}
}
