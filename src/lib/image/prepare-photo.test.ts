import { describe, expect, it, vi } from 'vitest';
import {
	prepareOriginalWith,
	preparePhotoWith,
	PrepareError,
	watermarkPhotoWith,
	type PhotoWorkerPort
} from './prepare-photo';
import type { PrepareRequest } from './prepare-messages';
import { fixtureBytes } from '../../../tests/support/fixtures';

/** A worker that records requests and lets the test answer. */
class FakeWorker extends EventTarget implements PhotoWorkerPort {
	readonly requests: PrepareRequest[] = [];
	terminated = false;

	postMessage(message: PrepareRequest): void {
		this.requests.push(message);
	}

	terminate(): void {
		this.terminated = true;
	}

	reply(data: unknown): void {
		this.dispatchEvent(new MessageEvent('message', { data }));
	}

	fail(): void {
		this.dispatchEvent(new Event('error'));
	}
}

/** A fixture photo as the file input would hand it over. */
const fixtureFile = (name: string): Blob => new Blob([fixtureBytes(name)]);

const photo = fixtureFile('Canon_40D.jpg');

/** Resolves once the page has sent its request. */
async function requested(worker: FakeWorker): Promise<void> {
	await vi.waitFor(() => {
		expect(worker.requests).toHaveLength(1);
	});
}

/** A worker factory that counts the workers it made, for "refused without a worker" checks. */
function countingSpawn(): { spawn: () => PhotoWorkerPort; spawned: () => number } {
	let spawned = 0;
	return {
		spawn: () => {
			spawned++;
			return new FakeWorker();
		},
		spawned: () => spawned
	};
}

function start(opts: Parameters<typeof preparePhotoWith>[2] = {}): {
	worker: FakeWorker;
	result: ReturnType<typeof preparePhotoWith>;
} {
	const worker = new FakeWorker();
	const result = preparePhotoWith(() => worker, photo, opts);
	return { worker, result };
}

describe('preparePhotoWith', () => {
	it('sends the file with the defaults and resolves with the transferred bytes', async () => {
		const progress: number[] = [];
		const { worker, result } = start({ onProgress: (p) => progress.push(p) });
		await requested(worker);
		expect(worker.requests).toEqual([{ type: 'prepare', file: photo, maxEdge: 2560, quality: 0.85 }]);
		worker.reply({ type: 'progress', pct: 30 });
		worker.reply({ type: 'progress', pct: 20 });
		worker.reply({ type: 'progress', pct: 90.4 });
		const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
		worker.reply({ type: 'done', bytes: jpeg, mime: 'image/jpeg', width: 2560, height: 1097 });
		await expect(result).resolves.toEqual({
			bytes: jpeg,
			mime: 'image/jpeg',
			width: 2560,
			height: 1097
		});
		expect(progress).toEqual([0, 30, 90, 100]);
		expect(worker.terminated).toBe(true);
	});

	it('passes its options on', async () => {
		const { worker, result } = start({ maxEdge: 1280, quality: 0.7 });
		await requested(worker);
		expect(worker.requests[0]).toMatchObject({ maxEdge: 1280, quality: 0.7 });
		worker.reply({ type: 'done', bytes: new Uint8Array(4), mime: 'image/jpeg', width: 1, height: 1 });
		await result;
	});

	it('rejects with the typed error the worker reports', async () => {
		const { worker, result } = start();
		await requested(worker);
		worker.reply({
			type: 'error',
			code: 'too-large',
			message: 'This image is too large to open safely (30000 × 30000).'
		});
		const error = await result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PrepareError);
		expect(error).toMatchObject({
			code: 'too-large',
			message: 'This image is too large to open safely (30000 × 30000).'
		});
		expect(worker.terminated).toBe(true);
	});

	it('treats a malformed reply or a crashed worker as failed', async () => {
		const bad = start();
		await requested(bad.worker);
		bad.worker.reply({ type: 'done', bytes: 'not bytes', mime: 'image/jpeg', width: 1, height: 1 });
		await expect(bad.result).rejects.toMatchObject({ code: 'failed' });

		const crashed = start();
		await requested(crashed.worker);
		crashed.worker.fail();
		await expect(crashed.result).rejects.toMatchObject({ code: 'failed' });
		expect(crashed.worker.terminated).toBe(true);
	});

	it('ends the worker when aborted and rejects with the reason', async () => {
		const controller = new AbortController();
		const { worker, result } = start({ signal: controller.signal });
		await requested(worker);
		controller.abort();
		await expect(result).rejects.toMatchObject({ name: 'AbortError' });
		expect(worker.terminated).toBe(true);
	});

	it('hands a bomb or a non-image to its worker at once, which refuses it before any decode', async () => {
		// Nothing is read on the page first: the worker inspects the bytes before any decoder sees
		// them (photo-pipelines.test.ts), and its refusal is what the person reads.
		const worker = new FakeWorker();
		const result = preparePhotoWith(() => worker, fixtureFile('bomb_30000x30000.png'));
		expect(worker.requests).toHaveLength(1);
		worker.reply({
			type: 'error',
			code: 'too-large',
			message: 'This image is too large to open safely (30000 × 30000).'
		});
		await expect(result).rejects.toMatchObject({ code: 'too-large' });
		expect(worker.terminated).toBe(true);
	});

	it('leaves a header that does not fit in the first bytes to the worker', async () => {
		// A JPEG whose SOF sits behind 300 KB of APP segments.
		const canon = new Uint8Array(await photo.arrayBuffer());
		const app = new Uint8Array(65_535 + 2);
		app.set([0xff, 0xe3, 0xff, 0xff]);
		const padded = new Blob([canon.subarray(0, 2), app, app, app, app, app, canon.subarray(2)]);
		const worker = new FakeWorker();
		const result = preparePhotoWith(() => worker, padded);
		await requested(worker);
		worker.reply({ type: 'error', code: 'corrupt', message: "This photo is damaged and can't be opened." });
		await expect(result).rejects.toMatchObject({ code: 'corrupt' });
	});

	it('starts no worker for an aborted signal, an empty or an oversized file, or bad options', async () => {
		const { spawn, spawned } = countingSpawn();
		await expect(preparePhotoWith(spawn, photo, { signal: AbortSignal.abort() })).rejects.toMatchObject({
			name: 'AbortError'
		});
		await expect(preparePhotoWith(spawn, new Blob([]))).rejects.toMatchObject({
			code: 'not-an-image'
		});
		const huge = new Blob([new Uint8Array(80_000_001)]);
		await expect(preparePhotoWith(spawn, huge)).rejects.toMatchObject({
			code: 'file-too-big',
			message: 'This file is too big to send (over 80 MB).'
		});
		await expect(preparePhotoWith(spawn, photo, { maxEdge: 0 })).rejects.toThrow(RangeError);
		await expect(preparePhotoWith(spawn, photo, { quality: 1.5 })).rejects.toThrow(RangeError);
		expect(spawned()).toBe(0);
	});
});

describe('prepareOriginalWith', () => {
	it('asks for the original and resolves with the mime the worker reports', async () => {
		const worker = new FakeWorker();
		const result = prepareOriginalWith(() => worker, photo);
		await requested(worker);
		expect(worker.requests).toEqual([{ type: 'prepare-original', file: photo }]);
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
		worker.reply({ type: 'done', bytes: png, mime: 'image/png', width: 100, height: 68 });
		await expect(result).resolves.toEqual({ bytes: png, mime: 'image/png', width: 100, height: 68 });
		expect(worker.terminated).toBe(true);
	});

	it('starts no worker for what is refused unread: an empty or oversized file, an aborted signal', async () => {
		const { spawn, spawned } = countingSpawn();
		await expect(prepareOriginalWith(spawn, new Blob([]))).rejects.toMatchObject({ code: 'not-an-image' });
		await expect(prepareOriginalWith(spawn, new Blob([new Uint8Array(80_000_001)]))).rejects.toMatchObject({
			code: 'file-too-big'
		});
		await expect(prepareOriginalWith(spawn, photo, { signal: AbortSignal.abort() })).rejects.toMatchObject({
			name: 'AbortError'
		});
		expect(spawned()).toBe(0);
	});

	it('passes on the typed error the worker reports', async () => {
		const worker = new FakeWorker();
		const result = prepareOriginalWith(() => worker, photo);
		await requested(worker);
		worker.reply({ type: 'error', code: 'heic-unsupported', message: 'No HEIC here.' });
		await expect(result).rejects.toMatchObject({ code: 'heic-unsupported', message: 'No HEIC here.' });
	});
});

describe('watermarkPhotoWith', () => {
	const prepared = {
		bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
		mime: 'image/jpeg',
		width: 2560,
		height: 1097
	};

	it('sends a copy of the photo with the sanitised text, and resolves with the marked JPEG', async () => {
		const worker = new FakeWorker();
		const progress: number[] = [];
		const result = watermarkPhotoWith(() => worker, prepared, '  Quiet\u202e Otter\n· 14:03 ', {
			onProgress: (p) => progress.push(p)
		});
		await requested(worker);
		const [request] = worker.requests;
		expect(request).toMatchObject({
			type: 'watermark',
			mime: 'image/jpeg',
			width: 2560,
			height: 1097,
			text: 'Quiet Otter · 14:03'
		});
		if (request?.type !== 'watermark') throw new Error('not a watermark request');
		expect(new Uint8Array(await request.photo.arrayBuffer())).toEqual(prepared.bytes);
		const marked = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
		worker.reply({ type: 'progress', pct: 45 });
		worker.reply({ type: 'done', bytes: marked, mime: 'image/jpeg', width: 2560, height: 1097 });
		await expect(result).resolves.toEqual({ bytes: marked, mime: 'image/jpeg', width: 2560, height: 1097 });
		expect(progress).toEqual([0, 45, 100]);
		// The caller's bytes are still there, for the next recipient.
		expect(prepared.bytes).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
		expect(worker.terminated).toBe(true);
	});

	it('starts no worker for empty text, a malformed photo or an aborted signal', async () => {
		const { spawn, spawned } = countingSpawn();
		await expect(watermarkPhotoWith(spawn, prepared, ' \u0000\u200b\t ')).rejects.toThrow(RangeError);
		await expect(watermarkPhotoWith(spawn, { ...prepared, mime: 'image/webp' }, 'A')).rejects.toThrow(
			RangeError
		);
		await expect(watermarkPhotoWith(spawn, { ...prepared, width: 0 }, 'A')).rejects.toThrow(RangeError);
		await expect(watermarkPhotoWith(spawn, { ...prepared, bytes: new Uint8Array() }, 'A')).rejects.toThrow(
			RangeError
		);
		await expect(
			watermarkPhotoWith(spawn, prepared, 'A', { signal: AbortSignal.abort() })
		).rejects.toMatchObject({ name: 'AbortError' });
		expect(spawned()).toBe(0);
	});

	it('ends the worker when aborted', async () => {
		const worker = new FakeWorker();
		const controller = new AbortController();
		const result = watermarkPhotoWith(() => worker, prepared, 'Quiet Otter', { signal: controller.signal });
		await requested(worker);
		controller.abort();
		await expect(result).rejects.toMatchObject({ name: 'AbortError' });
		expect(worker.terminated).toBe(true);
	});
});
