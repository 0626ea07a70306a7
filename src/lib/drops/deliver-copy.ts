import { toBase64Url } from '../crypto/base64url';
import { ChunkedDigest } from '../crypto/chunked-digest';
import { describeCopy, newDropKey, sealChunk } from '../crypto/drop-sealing';
import type { PeerConnection } from '../peers/peer-connection';
import type { DropHeader } from '../protocol/peer-messages';
import type { ChunkSource } from './channel-writer';
import type { Preparation } from './preparation';
import type { OutgoingDrop } from './outgoing-drop.svelte';

/**
 * Sends one recipient its copy of a drop: watermarked for them if the sender asked, sealed under
 * a key of its own chunk by chunk as the bytes go (the key stays with the sender until it grants
 * a view), announced by a header that promises its size, and followed by the digest of the
 * sealed bytes. Resolves once every byte is handed to the channel; rejects if the link or the
 * drop went away first, or `signal` aborts.
 */
export async function deliverCopy(
	drop: OutgoingDrop,
	conn: PeerConnection,
	preparation: Preparation,
	onPercent: (pct: number) => void,
	signal: AbortSignal
): Promise<void> {
	const copy = drop.copy;
	if (!copy) throw new Error('the drop is over');
	let photo = copy;
	try {
		const r = drop.recipient(conn.id);
		if (!r) throw new Error('not a recipient');
		// The name fixed when the drop was offered, and a code the recipient could not choose.
		if (drop.watermark) photo = await preparation.watermark(copy, { name: r.name, safetyCode: r.safetyCode });
		const writer = conn.writer;
		if (!writer || !drop.live) throw new Error('gone');
		const stream = conn.nextStream();
		const key = newDropKey();
		drop.keepKey(conn.id, key);
		const sealed = describeCopy(drop.id, photo.bytes.length);
		const header: DropHeader = {
			t: 'drop',
			id: drop.id,
			stream,
			mime: photo.mime,
			size: sealed.size,
			salt: toBase64Url(sealed.salt),
			width: copy.width,
			height: copy.height,
			options: drop.options
		};
		const digest = new ChunkedDigest();
		const plain = photo.bytes;
		const source: ChunkSource = {
			count: sealed.chunks,
			fill(index, into) {
				const chunk = sealChunk(key, sealed, plain, index, into);
				digest.add(chunk);
				return chunk.length;
			},
			end: async () => ({ t: 'drop-end', id: drop.id, stream, sha256: await digest.hex() })
		};
		const onProgress = (wire: number) => onPercent(Math.min(99, Math.floor((wire / sealed.size) * 100)));
		await writer.sendDrop({ header, stream, source, onProgress, signal });
	} finally {
		// A watermarked copy was made for this recipient alone.
		if (photo !== copy) photo.bytes.fill(0);
	}
}
