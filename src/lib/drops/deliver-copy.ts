import { toBase64Url } from '../crypto/base64url';
import { ChunkedDigest } from '../crypto/chunked-digest';
import { describeCopy, newDropKey } from '../crypto/drop-sealing';
import { copySealer, sendingCipher } from '../crypto/seal-copy';
import type { PeerConnection } from '../peers/peer-connection';
import type { DropHeader, PeerMessage } from '../protocol/peer-messages';
import type { ChunkSource } from './channel-writer';
import { CopySlots } from './copy-slots';
import { kindFields, type DropContent } from './drop-content';
import type { Preparation } from './preparation';
import type { OutgoingDrop } from './outgoing-drop.svelte';

/**
 * Sends one recipient its copy of a drop: a photo watermarked for them if the sender asked, sealed under
 * a key of its own chunk by chunk as the bytes go (the key stays with the sender until it grants
 * a view), announced by a header that promises its size, and followed by the digest of the
 * sealed bytes. A photo whose check still runs as it goes (`PreparedPhoto.checked`) gets its
 * digest only once the check has passed, so the recipient can't call it `sealed` before.
 * Resolves once every byte is handed to the channel; rejects if the link or the drop went away
 * first, the check failed, or `signal` aborts.
 */
export async function deliverCopy(
	drop: OutgoingDrop,
	conn: PeerConnection,
	preparation: Preparation,
	onPercent: (pct: number) => void,
	signal: AbortSignal,
	onHeader?: () => void
): Promise<void> {
	const copy = drop.copy;
	if (!copy) throw new Error('the drop is over');
	let content: DropContent = copy;
	try {
		const r = drop.recipient(conn.id);
		if (!r) throw new Error('not a recipient');
		// The name fixed when the drop was offered, and a code the recipient could not choose.
		if (drop.watermark && copy.kind === 'photo') {
			const mark = { name: r.name, safetyCode: r.safetyCode };
			content = { kind: 'photo', ...(await preparation.watermark(copy, mark)) };
		}
		const key = newDropKey();
		const sealed = describeCopy(drop.id, content.bytes.length, sendingCipher());
		const plain = content.bytes;
		// Until the drop holds the key, a copy abandoned takes its key with it: it never left this tab.
		const forgetKey = (err: Error) => {
			key.fill(0);
			return Promise.reject(err);
		};
		// The key is imported here once for the whole copy (natively, not extractable).
		const seal = await copySealer(key, sealed, plain).catch(forgetKey);
		const writer = conn.writer;
		if (!writer || !drop.live) return forgetKey(new Error('gone'));
		const stream = conn.nextStream();
		drop.keepKey(conn.id, key);
		// A watermark keeps the photo's size; its format is the watermarked copy's.
		const fields = kindFields(copy);
		if (fields.kind === 'photo' && content.kind === 'photo') fields.mime = content.mime;
		const header: DropHeader = {
			t: 'drop',
			id: drop.id,
			stream,
			size: sealed.size,
			salt: toBase64Url(sealed.salt),
			cipher: sealed.cipher,
			options: drop.options,
			...fields
		};
		const digest = new ChunkedDigest();
		const addToDigest = (into: Uint8Array, length: number) => {
			digest.add(into.subarray(0, length));
			return length;
		};
		const source: ChunkSource = {
			count: sealed.chunks,
			fill(index, into) {
				const length = seal(index, into);
				return typeof length === 'number'
					? addToDigest(into, length)
					: length.then((n) => addToDigest(into, n));
			},
			end: async () => {
				if (copy.kind === 'photo') await copy.checked;
				return { t: 'drop-end', id: drop.id, stream, sha256: await digest.hex() };
			}
		};
		const onProgress = (wire: number) => onPercent(Math.min(99, Math.floor((wire / sealed.size) * 100)));
		await writer.sendDrop({ header, stream, source, onProgress, signal, ...(onHeader ? { onHeader } : {}) });
	} finally {
		// A watermarked copy was made for this recipient alone.
		if (content !== copy) content.bytes.fill(0);
	}
}

/** How one copy's delivery ended: see `CopiesInFlight.deliver`. */
export type CopyOutcome = 'sent' | 'failed' | 'stopped';

/** Whether each recipient gets a copy of its own (a photo watermarked for it). */
function makesCopy(drop: OutgoingDrop): boolean {
	return drop.watermark && drop.copy?.kind === 'photo';
}

/**
 * Each recipient's copy on its way, to stop when the recipient refuses it. Copies made for one
 * recipient go a few at a time (`CopySlots`).
 */
export class CopiesInFlight {
	readonly #aborts = new Map<string, AbortController>();
	readonly #slots: CopySlots;

	constructor(slots = new CopySlots()) {
		this.#slots = slots;
	}
	/** Copies whose header went out: their recipients know of the drop. */
	readonly #announced = new Set<string>();

	/**
	 * Sends `conn` its copy (see `deliverCopy`): `sent` when it all went, `stopped` when it was
	 * stopped here (`abort`, `callBack`, or a newer copy to the same recipient), `failed` otherwise.
	 */
	async deliver(
		drop: OutgoingDrop,
		conn: PeerConnection,
		preparation: Preparation,
		onPercent: (pct: number) => void
	): Promise<CopyOutcome> {
		const key = `${drop.id}/${conn.id}`;
		const abort = new AbortController();
		this.#aborts.set(key, abort);
		try {
			const send = () =>
				deliverCopy(drop, conn, preparation, onPercent, abort.signal, () => this.#announced.add(key));
			// Only a watermarked copy is a copy: the others are sealed from the drop's one copy, chunk by chunk.
			await (makesCopy(drop) ? this.#slots.run(send, abort.signal) : send());
			return 'sent';
		} catch {
			return abort.signal.aborted || this.#aborts.get(key) !== abort ? 'stopped' : 'failed';
		} finally {
			// A copy that ends late (cut off with its link, it waited for its photo's check) leaves
			// the fresh copy on the next link alone.
			if (this.#aborts.get(key) === abort) {
				this.#aborts.delete(key);
				this.#announced.delete(key);
			}
		}
	}

	/**
	 * The sender calls the drop back before it arrived anywhere (its check failed): every copy on
	 * its way stops, and each recipient that had its header is told (`abort`), before its end.
	 */
	callBack(drop: OutgoingDrop, send: (peerId: string, m: PeerMessage) => void): void {
		for (const r of drop.recipients) {
			const key = `${drop.id}/${r.peerId}`;
			this.#aborts.get(key)?.abort(new DOMException('The drop was called back.', 'AbortError'));
			if (this.#announced.has(key)) send(r.peerId, { t: 'abort', id: drop.id });
		}
	}

	/** The recipient refused it (it holds enough already, or the bytes stalled): stop sending. */
	abort(dropId: string, peerId: string): void {
		this.#aborts.get(`${dropId}/${peerId}`)?.abort();
	}

	/** The drop left the page: nothing of it is kept here either. */
	forget(drop: OutgoingDrop): void {
		for (const r of drop.recipients) this.#aborts.delete(`${drop.id}/${r.peerId}`);
	}
}
