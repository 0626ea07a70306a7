import { openSealed, type SealedCopy } from '../crypto/drop-sealing';
import type { ReceivedImageProblem } from '../image/check-received-image';
import type { DropHeader } from '../protocol/peer-messages';

/** Why a granted drop could not be shown: its seal or its picture broke a promise. */
export type OpenProblem = ReceivedImageProblem | 'bad-seal';

export type Opened =
	| { kind: 'bitmap'; bitmap: ImageBitmap }
	| { kind: 'problem'; problem: OpenProblem }
	/** The browser could not decode it. */
	| { kind: 'undecodable' };

/** Fetches the picture check ahead of a reveal, so the view does not wait for it. */
export function prefetchOpening(): void {
	void import('../image/check-received-image').catch(() => undefined);
}

/**
 * Opens a sealed copy with its key into pixels: decrypts into a fresh buffer (each ciphertext
 * chunk zeroed as it goes), checks the picture's real format and size from its own bytes, then
 * decodes. The key, the ciphertext and the plaintext are zeroed whatever happens.
 */
export async function openSealedDrop(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[],
	header: DropHeader
): Promise<Opened> {
	let plain: Uint8Array<ArrayBuffer> | null = null;
	try {
		plain = openSealed(key, copy, chunks);
		key.fill(0);
		if (!plain) return { kind: 'problem', problem: 'bad-seal' };
		// The bytes' own header, checked before a decoder sees them: a sender's claim is no proof.
		const { checkReceivedImage } = await import('../image/check-received-image');
		const problem = checkReceivedImage(plain, header);
		if (problem) return { kind: 'problem', problem };
		try {
			return { kind: 'bitmap', bitmap: await createImageBitmap(new Blob([plain], { type: header.mime })) };
		} catch {
			return { kind: 'undecodable' };
		}
	} finally {
		key.fill(0);
		for (const chunk of chunks) chunk.fill(0);
		plain?.fill(0);
	}
}
