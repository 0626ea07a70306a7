import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeCopy } from '../crypto/drop-sealing';
import type { DropHeader } from '../protocol/peer-messages';
import { openSealedDrop } from './load-opening';
import type { OpenPhotoRequest } from './open-photo-messages';
import { warmUpPhotoOpener, type OpenerWorkerPort } from './photo-opener';

/** A photo worker that records what it is handed, ready at once. */
class ReadyWorker implements OpenerWorkerPort {
	readonly posted: OpenPhotoRequest[] = [];
	readonly #onMessage: ((e: Event) => void)[] = [];

	postMessage(message: OpenPhotoRequest): void {
		this.posted.push(message);
	}
	addEventListener(type: string, listener: (e: Event) => void): void {
		if (type === 'message') this.#onMessage.push(listener);
	}
	terminate(): void {}
	emit(data: unknown): void {
		for (const l of this.#onMessage) l(new MessageEvent('message', { data }));
	}
}

const ID = 'L'.repeat(22);

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('opening a granted copy once the opening code is here', () => {
	it('hands a photo to the worker in the same task as its key came, before any render the key queued', async () => {
		const worker = new ReadyWorker();
		// A page that can start workers (Node has none): the fake is the one started.
		vi.stubGlobal('Worker', class {});
		warmUpPhotoOpener(() => worker);
		worker.emit({ kind: 'ready' });
		// The first copy loads the opening code (a text, whose wrong key opens nothing).
		const text = { kind: 'text' } as DropHeader;
		const first = await openSealedDrop(
			new Uint8Array(32),
			describeCopy(ID, 10, 'xchacha20poly1305'),
			[new Uint8Array(26)],
			text
		);
		expect(first).toEqual({ kind: 'problem', problem: 'bad-seal' });

		const photo = { kind: 'photo', mime: 'image/jpeg', width: 4, height: 3 } as DropHeader;
		let microtaskRan = false;
		queueMicrotask(() => (microtaskRan = true));
		const opening = openSealedDrop(
			new Uint8Array(32).fill(5),
			describeCopy(ID, 10, 'aes-256-gcm'),
			[new Uint8Array(26)],
			photo
		);
		// Posted synchronously: no microtask (Svelte's flush of the unveiling viewer) ran first.
		expect(worker.posted).toHaveLength(1);
		expect(microtaskRan).toBe(false);
		worker.emit({ id: worker.posted[0]!.id, kind: 'undecodable' });
		expect(await opening).toEqual({ kind: 'undecodable' });
	});
});
