import type { SealedCopy } from '../crypto/drop-sealing';
import {
	parseOpenPhotoReply,
	type ClaimedPhoto,
	type OpenPhotoReply,
	type OpenPhotoRequest
} from './open-photo-messages';

/** What came of a copy handed to the worker: its picture, or the checked bytes for the page to decode. */
export type WorkerOpened = Exclude<OpenPhotoReply, { kind: 'ready' }>;

/** The part of a `Worker` used here: a fake one in unit tests. */
export interface OpenerWorkerPort {
	postMessage(message: OpenPhotoRequest, transfer: Transferable[]): void;
	addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/**
 * One warm worker that opens granted photos off the main thread: started when a sealed photo
 * arrives, so that a reveal finds it loaded. It holds nothing between two openings.
 */
export class PhotoOpener {
	readonly #worker: OpenerWorkerPort;
	#ready = false;
	#broken = false;
	#next = 1;
	readonly #waits = new Map<number, (opened: WorkerOpened) => void>();

	constructor(worker: OpenerWorkerPort) {
		this.#worker = worker;
		worker.addEventListener('message', (e) => this.#onReply(parseOpenPhotoReply((e as MessageEvent).data)));
		worker.addEventListener('messageerror', () => this.#break());
		worker.addEventListener('error', () => this.#break());
	}

	/** Loaded and not broken: a copy handed over now will be answered. */
	get ready(): boolean {
		return this.#ready && !this.#broken;
	}

	get failed(): boolean {
		return this.#broken;
	}

	/**
	 * Hands the copy to the worker: the key is copied and zeroed here, the chunks' buffers are
	 * transferred (this page keeps none of their bytes). Null, with nothing moved, when the worker
	 * can't take it: the caller opens it on this thread instead.
	 */
	open(
		key: Uint8Array,
		copy: SealedCopy,
		chunks: Uint8Array[],
		photo: ClaimedPhoto
	): Promise<WorkerOpened> | null {
		if (!this.ready) return null;
		const buffers = new Set<ArrayBuffer>();
		for (const chunk of chunks) {
			if (!(chunk.buffer instanceof ArrayBuffer)) return null;
			buffers.add(chunk.buffer);
		}
		const id = this.#next++;
		const ownKey = key.slice();
		const request: OpenPhotoRequest = {
			id,
			key: ownKey,
			copy,
			chunks: chunks as Uint8Array<ArrayBuffer>[],
			photo: { mime: photo.mime, width: photo.width, height: photo.height }
		};
		try {
			this.#worker.postMessage(request, [ownKey.buffer, ...buffers]);
		} catch {
			ownKey.fill(0);
			return null;
		}
		key.fill(0);
		return new Promise((resolve) => this.#waits.set(id, resolve));
	}

	#onReply(reply: OpenPhotoReply | null): void {
		if (!reply) return;
		if (reply.kind === 'ready') {
			this.#ready = true;
			return;
		}
		const wait = this.#waits.get(reply.id);
		this.#waits.delete(reply.id);
		if (wait) wait(reply);
		else if (reply.kind === 'shown') reply.bitmap.close();
		else if (reply.kind === 'plain') reply.plain.fill(0);
	}

	/** A worker that failed: what it held is gone with it, and nothing more is handed to it. */
	#break(): void {
		this.#broken = true;
		for (const [id, wait] of this.#waits) wait({ id, kind: 'undecodable' });
		this.#waits.clear();
		this.#worker.terminate();
	}
}

let opener: PhotoOpener | null = null;

function spawnOpenerWorker(): OpenerWorkerPort {
	return new Worker(new URL('./open-photo.worker.ts', import.meta.url), {
		type: 'module',
		name: 'open-photo'
	});
}

/** Starts the worker ahead of a reveal, once; where workers can't start, photos open on the page. */
export function warmUpPhotoOpener(spawn: () => OpenerWorkerPort = spawnOpenerWorker): void {
	if ((opener && !opener.failed) || typeof Worker === 'undefined') return;
	try {
		opener = new PhotoOpener(spawn());
	} catch {
		opener = null;
	}
}

/** The warm worker, if it is ready now. */
export function readyPhotoOpener(): PhotoOpener | null {
	return opener?.ready ? opener : null;
}
