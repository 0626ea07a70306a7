/**
 * The transfer scheme of PairDrop v1.11 (the popular P2P drop), rewritten from its description:
 * the sender reads the file with a FileReader, one 64,000-byte slice at a time, and sends each
 * slice as it is read; after every 1,000,000 bytes (a partition) it stops until the receiver
 * acknowledges. The receiver keeps the chunks in a list, tells the sender its progress every
 * 0.5 %, fires a progress event per chunk, and builds a Blob at the end. Its request/accept
 * handshake and its UI are left out, which only makes it faster.
 */

const CHUNK_BYTES = 64_000;
const PARTITION_BYTES = 1_000_000;

type Message =
	| { type: 'header'; size: number; mime: string }
	| { type: 'partition'; offset: number }
	| { type: 'partition-received'; offset: number }
	| { type: 'progress'; progress: number }
	| { type: 'file-transfer-complete' };

const sendJson = (ch: RTCDataChannel, m: Message) => ch.send(JSON.stringify(m));

/** PairDrop fires an event for its progress bar on both sides; nobody listens here. */
const showProgress = (progress: number) =>
	window.dispatchEvent(new CustomEvent('set-progress', { detail: { progress } }));

class FileChunker {
	#offset = 0;
	#partition = 0;
	readonly #reader = new FileReader();

	constructor(
		private readonly file: Blob,
		private readonly onChunk: (chunk: ArrayBuffer) => void,
		private readonly onPartitionEnd: (offset: number) => void
	) {
		this.#reader.addEventListener('load', () => this.#onRead(this.#reader.result as ArrayBuffer));
	}

	nextPartition(): void {
		this.#partition = 0;
		this.#read();
	}

	get atEnd(): boolean {
		return this.#offset >= this.file.size;
	}

	#read(): void {
		this.#reader.readAsArrayBuffer(this.file.slice(this.#offset, this.#offset + CHUNK_BYTES));
	}

	#onRead(chunk: ArrayBuffer): void {
		this.#offset += chunk.byteLength;
		this.#partition += chunk.byteLength;
		this.onChunk(chunk);
		if (this.atEnd) return;
		if (this.#partition >= PARTITION_BYTES) return this.onPartitionEnd(this.#offset);
		this.#read();
	}
}

export function sendPairDropStyle(ch: RTCDataChannel, file: Blob): Promise<number> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const chunker = new FileChunker(
			file,
			(chunk) => ch.send(chunk),
			(offset) => sendJson(ch, { type: 'partition', offset })
		);
		ch.onmessage = (e: MessageEvent<unknown>) => {
			if (typeof e.data !== 'string') return;
			const m = JSON.parse(e.data) as Message;
			if (m.type === 'partition-received' && !chunker.atEnd) chunker.nextPartition();
			else if (m.type === 'progress') showProgress(m.progress);
			else if (m.type === 'file-transfer-complete') resolve(performance.now() - t0);
		};
		sendJson(ch, { type: 'header', size: file.size, mime: file.type });
		chunker.nextPartition();
	});
}

export function receivePairDropStyle(ch: RTCDataChannel, onFile: (file: File) => void): void {
	let chunks: ArrayBuffer[] = [];
	let size = 0;
	let mime = '';
	let received = 0;
	let lastProgress = 0;
	ch.onmessage = (e: MessageEvent<unknown>) => {
		if (typeof e.data === 'string') {
			const m = JSON.parse(e.data) as Message;
			if (m.type === 'header') {
				size = m.size;
				mime = m.mime;
			} else if (m.type === 'partition') {
				sendJson(ch, { type: 'partition-received', offset: m.offset });
			}
			return;
		}
		const chunk = e.data as ArrayBuffer;
		chunks.push(chunk);
		received += chunk.byteLength;
		const progress = received / size;
		showProgress(progress);
		// PairDrop sends the last progress after its completion message; here it goes first, so
		// that nothing of this transfer is still under way when the next one starts.
		if (progress - lastProgress >= 0.005 || progress === 1) {
			lastProgress = progress;
			sendJson(ch, { type: 'progress', progress });
		}
		if (received >= size) {
			const blob = new Blob(chunks);
			chunks = [];
			sendJson(ch, { type: 'file-transfer-complete' });
			onFile(new File([blob], 'photo', { type: mime, lastModified: Date.now() }));
		}
	};
}
