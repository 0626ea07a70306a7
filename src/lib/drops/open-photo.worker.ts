/**
 * The photo-opening worker: one granted copy in (its key and sealed chunks, transferred), the
 * decoded picture out (transferred), so that neither the decryption nor the decode blocks the
 * page. Whatever happens, the key, the ciphertext and the plaintext are zeroed here before the
 * answer goes; the page keeps none of them.
 */
import { openSealed } from '../crypto/open-sealed';
import { checkReceivedImage } from '../image/check-received-image';
import {
	parseOpenPhotoRequest,
	requestId,
	type OpenPhotoReply,
	type OpenPhotoRequest
} from './open-photo-messages';

function reply(message: OpenPhotoReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

/** Zeroes every byte buffer a request that did not parse brought along. */
function wipeRaw(raw: unknown): void {
	if (typeof raw !== 'object' || raw === null) return;
	const { key, chunks } = raw as { key?: unknown; chunks?: unknown };
	for (const b of [key, ...(Array.isArray(chunks) ? chunks : [])]) if (b instanceof Uint8Array) b.fill(0);
}

async function open(request: OpenPhotoRequest): Promise<void> {
	const { id, key, copy, chunks, photo } = request;
	let plain: Uint8Array<ArrayBuffer> | null = null;
	try {
		plain = await openSealed(key, copy, chunks);
		key.fill(0);
		if (!plain) return reply({ id, kind: 'problem', problem: 'bad-seal' });
		// The bytes' own header, checked before a decoder sees them: a sender's claim is no proof.
		const problem = checkReceivedImage(plain, photo);
		if (problem) return reply({ id, kind: 'problem', problem });
		if (typeof createImageBitmap !== 'function') {
			const out = plain;
			plain = null;
			return reply({ id, kind: 'plain', plain: out }, [out.buffer]);
		}
		let bitmap: ImageBitmap;
		try {
			bitmap = await createImageBitmap(new Blob([plain], { type: photo.mime }));
		} catch {
			return reply({ id, kind: 'undecodable' });
		}
		reply({ id, kind: 'shown', bitmap }, [bitmap]);
	} finally {
		key.fill(0);
		for (const chunk of chunks) chunk.fill(0);
		plain?.fill(0);
	}
}

self.addEventListener('message', (e: MessageEvent<unknown>) => {
	const request = parseOpenPhotoRequest(e.data);
	if (request) return void open(request);
	wipeRaw(e.data);
	const id = requestId(e.data);
	if (id !== null) reply({ id, kind: 'undecodable' });
});
reply({ kind: 'ready' });
