import { describe, expect, it } from 'vitest';
import { describeCopy } from '../crypto/drop-sealing';
import type { OpenPhotoRequest } from './open-photo-messages';
import { PhotoOpener, type OpenerWorkerPort } from './photo-opener';

/** A worker that records what it is handed, and answers as the test says. */
class FakeWorker implements OpenerWorkerPort {
	readonly posted: { message: OpenPhotoRequest; transfer: Transferable[] }[] = [];
	readonly #listeners = new Map<string, ((e: Event) => void)[]>();
	terminated = false;

	postMessage(message: OpenPhotoRequest, transfer: Transferable[]): void {
		this.posted.push({ message, transfer });
	}
	addEventListener(type: string, listener: (e: Event) => void): void {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
	}
	terminate(): void {
		this.terminated = true;
	}
	emit(type: string, data?: unknown): void {
		for (const l of this.#listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
	}
}

const copy = describeCopy('P'.repeat(22), 10, 'aes-256-gcm');
const photo = { mime: 'image/jpeg', width: 4, height: 3 } as const;

describe('PhotoOpener', () => {
	it('hands nothing over before the worker says it is ready', () => {
		const worker = new FakeWorker();
		const opener = new PhotoOpener(worker);
		const key = new Uint8Array(32).fill(7);
		expect(opener.open(key, copy, [new Uint8Array(26)], photo)).toBeNull();
		expect(worker.posted).toHaveLength(0);
		expect(key.every((b) => b === 7)).toBe(true);
	});

	it('moves the key (a copy, the original zeroed) and every chunk buffer to the worker', async () => {
		const worker = new FakeWorker();
		const opener = new PhotoOpener(worker);
		worker.emit('message', { kind: 'ready' });
		const key = new Uint8Array(32).fill(7);
		const chunks = [new Uint8Array(26).fill(1)];
		const opening = opener.open(key, copy, chunks, {
			...photo,
			caption: 'not for the worker'
		} as typeof photo);
		expect(key.every((b) => b === 0)).toBe(true);
		const [{ message, transfer }] = worker.posted as [(typeof worker.posted)[number]];
		expect(message.key.every((b) => b === 7)).toBe(true);
		expect(transfer).toEqual([message.key.buffer, chunks[0]!.buffer]);
		expect(message.photo).toEqual(photo);
		worker.emit('message', { id: message.id, kind: 'problem', problem: 'bad-seal' });
		expect(await opening).toEqual({ id: message.id, kind: 'problem', problem: 'bad-seal' });
	});

	it('answers what waits with undecodable when the worker fails, and then takes no more', async () => {
		const worker = new FakeWorker();
		const opener = new PhotoOpener(worker);
		worker.emit('message', { kind: 'ready' });
		const opening = opener.open(new Uint8Array(32), copy, [new Uint8Array(26)], photo);
		worker.emit('error');
		expect(await opening).toMatchObject({ kind: 'undecodable' });
		expect(worker.terminated).toBe(true);
		expect(opener.open(new Uint8Array(32), copy, [new Uint8Array(26)], photo)).toBeNull();
	});

	it('ignores a reply that does not parse', async () => {
		const worker = new FakeWorker();
		const opener = new PhotoOpener(worker);
		worker.emit('message', { kind: 'ready' });
		const opening = opener.open(new Uint8Array(32), copy, [new Uint8Array(26)], photo)!;
		const id = worker.posted[0]!.message.id;
		worker.emit('message', { id, kind: 'problem', problem: 'made-up' });
		worker.emit('message', { id, kind: 'undecodable' });
		expect(await opening).toEqual({ id, kind: 'undecodable' });
	});
});
