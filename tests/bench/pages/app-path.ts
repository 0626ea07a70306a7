/**
 * The app's transfer path, wired the way `RoomSession` wires it (`#deliver` on the sending side;
 * `#onPeerText`, `#onDropHeader` and `#onPeerBinary` with `IncomingDrop.progress` and
 * `sealed` on the receiving side), minus Svelte: the framing, the ChannelWriter's backpressure,
 * the SHA-256 over the bytes before sending, the DropAssembler's reassembly with its hash check
 * (native where the page is a secure context, incremental JS elsewhere), and the `delivered`
 * receipt back.
 */
import { randomToken } from '#crypto/base64url';
import { sha256Hex } from '#crypto/sha256-digest';
import type { ChannelWriter } from '../../../src/lib/drops/channel-writer';
import { DropAssembler } from '../../../src/lib/drops/drop-assembler';
import { CHUNK_BYTES, decodeChunk, parsePeerMessage, type DropHeader } from '#protocol/peer-messages';
import type { TransferTiming } from './bench-api';

/** One tab's end of the path: it sends drops and receives them, as a RoomSession does. */
export class AppEnd {
	readonly #writer: ChannelWriter;
	readonly #delivered = new Map<string, () => void>();
	readonly #incoming = new Map<number, { transfer: DropAssembler; percent: number }>();
	#nextStream = 1;
	#tokens = 200;
	#refilledAt = performance.now();

	constructor(writer: ChannelWriter) {
		this.#writer = writer;
	}

	async send(bytes: Uint8Array): Promise<TransferTiming> {
		const t0 = performance.now();
		const id = randomToken(16);
		const stream = this.#nextStream++;
		const header: DropHeader = {
			t: 'drop',
			id,
			stream,
			mime: 'image/jpeg',
			size: bytes.length,
			sha256: await sha256Hex(bytes),
			width: 2560,
			height: 1440,
			options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600_000, caption: '' }
		};
		const hashMs = performance.now() - t0;
		const delivered = new Promise<void>((resolve) => this.#delivered.set(id, resolve));
		let percent = 0;
		await this.#writer.sendDrop(header, stream, bytes, (wire) => {
			const pct = Math.min(99, Math.floor((wire / bytes.length) * 100));
			if (pct > percent) percent = pct;
		});
		await delivered;
		this.#delivered.delete(id);
		return { ms: performance.now() - t0, hashMs };
	}

	/** PeerEntry.allowText: a token bucket of 50/s with a burst of 200. */
	#allowText(): boolean {
		const now = performance.now();
		this.#tokens = Math.min(200, this.#tokens + ((now - this.#refilledAt) / 1000) * 50);
		this.#refilledAt = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** A protocol violation throws: the bench reports it as a failure. */
	onText(text: string): void {
		if (!this.#allowText()) throw new Error('control message flood');
		const m = parsePeerMessage(text);
		if (m?.t === 'receipt') {
			if (m.status === 'delivered') this.#delivered.get(m.id)?.();
			return;
		}
		if (m?.t !== 'drop' || this.#incoming.has(m.stream)) throw new Error('unexpected control message');
		const transfer = DropAssembler.start(m);
		if (!(transfer instanceof DropAssembler)) throw new Error('drop refused');
		this.#incoming.set(m.stream, { transfer, percent: 0 });
	}

	onBinary(data: ArrayBuffer): void {
		const chunk = decodeChunk(data);
		const stream = chunk && this.#incoming.get(chunk.stream);
		if (!chunk || !stream) throw new Error('chunk for no drop');
		const { transfer } = stream;
		const isLast = transfer.received + chunk.payload.length === transfer.header.size;
		if (chunk.payload.length < CHUNK_BYTES && !isLast) throw new Error('short chunk');
		const result = transfer.accept(chunk.payload);
		if (result.kind === 'progress') {
			const pct = Math.floor((result.received / transfer.header.size) * 100);
			if (pct !== stream.percent) stream.percent = pct;
			return;
		}
		this.#incoming.delete(chunk.stream);
		if (result.kind === 'error') throw new Error(`transfer failed: ${result.problem}`);
		void result.verified.then((verified) => {
			if (verified.kind !== 'complete') throw new Error(`transfer failed: ${verified.problem}`);
			// The app keeps the bytes until they are viewed; the bench lets them go.
			this.#writer.sendMessage({ t: 'receipt', id: transfer.header.id, status: 'delivered', at: Date.now() });
		});
	}
}
