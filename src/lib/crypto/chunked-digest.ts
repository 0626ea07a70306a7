import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';

/** The browser's native SHA-256, which exists only in secure contexts (https, localhost). */
function nativeSubtle(): SubtleCrypto | null {
	return globalThis.isSecureContext !== false && globalThis.crypto?.subtle ? globalThis.crypto.subtle : null;
}

/**
 * The digest of a drop's sealed bytes, taken chunk by chunk as they stream: SHA-256 over the
 * SHA-256 of each chunk, in order. Each chunk is hashed as it goes by, natively and off the main
 * thread where the page is a secure context (the browser copies the chunk when the call is made,
 * so the caller may reuse its buffer at once), in JS elsewhere. Nothing waits for the whole.
 */
export class ChunkedDigest {
	readonly #subtle = nativeSubtle();
	readonly #parts: (Uint8Array | Promise<ArrayBuffer>)[] = [];

	add(chunk: Uint8Array): void {
		const subtle = this.#subtle;
		this.#parts.push(subtle ? subtle.digest('SHA-256', chunk as Uint8Array<ArrayBuffer>) : sha256(chunk));
	}

	get chunks(): number {
		return this.#parts.length;
	}

	async hex(): Promise<string> {
		const parts = await Promise.all(
			this.#parts.map(async (p) => (p instanceof Uint8Array ? p : new Uint8Array(await p)))
		);
		return bytesToHex(sha256(concatBytes(...parts)));
	}
}
