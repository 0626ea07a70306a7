import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** The browser's native SHA-256, which exists only in secure contexts (https, localhost). */
function nativeSubtle(): SubtleCrypto | null {
	return globalThis.isSecureContext !== false && globalThis.crypto?.subtle ? globalThis.crypto.subtle : null;
}

/** SHA-256 as hex: native where the context allows (off the main thread, many times faster), else JS. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const subtle = nativeSubtle();
	if (!subtle) return bytesToHex(sha256(bytes));
	const buffer = bytes.buffer;
	const view =
		buffer instanceof ArrayBuffer
			? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength)
			: bytes.slice();
	return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', view)));
}

/**
 * The hash of a buffer that fills chunk by chunk. Without a native hash, it hashes in JS as
 * the chunks arrive, so no long pause comes at the end; with one, it hashes the whole buffer
 * natively once it is full, which costs the main thread nothing.
 */
export class FillingDigest {
	readonly #incremental = nativeSubtle() ? null : sha256.create();

	update(chunk: Uint8Array): void {
		this.#incremental?.update(chunk);
	}

	async digestHex(whole: Uint8Array<ArrayBuffer>): Promise<string> {
		return this.#incremental ? bytesToHex(this.#incremental.digest()) : sha256Hex(whole);
	}
}
