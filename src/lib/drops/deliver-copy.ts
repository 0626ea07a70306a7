import type { PeerConnection } from '../peers/peer-connection';
import type { DropHeader } from '../protocol/peer-messages';
import type { Preparation } from './preparation';
import type { OutgoingDrop } from './outgoing-drop.svelte';

/**
 * Sends one recipient its copy of a drop: watermarked for them if the sender asked, announced by
 * a header that promises its size and hash, then the bytes with backpressure. Resolves once
 * every byte is handed to the channel; rejects if the link or the drop went away first.
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
		if (drop.watermark) photo = await preparation.watermark(copy, conn.peer.name);
		const writer = conn.writer;
		if (!writer || !drop.live) throw new Error('gone');
		const stream = conn.nextStream();
		const bytes = photo.bytes;
		const header: DropHeader = {
			t: 'drop',
			id: drop.id,
			stream,
			mime: photo.mime,
			size: bytes.length,
			sha256: await preparation.hash(bytes),
			width: copy.width,
			height: copy.height,
			options: drop.options
		};
		await writer.sendDrop({
			header,
			stream,
			bytes,
			signal,
			onProgress: (wire) => onPercent(Math.min(99, Math.floor((wire / bytes.length) * 100)))
		});
	} finally {
		// A watermarked copy was made for this recipient alone.
		if (photo !== copy) photo.bytes.fill(0);
	}
}
