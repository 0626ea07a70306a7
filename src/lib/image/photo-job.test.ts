import { describe, expect, it } from 'vitest';
import { runPhotoJob, type PhotoWorkerPort } from './photo-job';
import { PrepareError } from './prepare-error';
import type { PrepareRequest } from './prepare-messages';

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
}

const request: PrepareRequest = { type: 'prepare-original', file: new Blob([new Uint8Array(4)]) };
const done = (checking: boolean, reusable = false) => ({
	type: 'done',
	bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
	mime: 'image/jpeg',
	width: 2,
	height: 2,
	checking,
	reusable
});

function job(signal?: AbortSignal) {
	const worker = new FakeWorker();
	return { worker, result: runPhotoJob(() => worker, request, signal ? { signal } : {}) };
}

describe('runPhotoJob', () => {
	it('ends the worker with the bytes when no check follows them', async () => {
		const { worker, result } = job();
		worker.reply(done(false));
		const photo = await result;
		expect(photo.checked).toBeUndefined();
		expect(worker.terminated).toBe(true);
	});

	it('hands out bytes still being checked, and ends the worker once the check passes', async () => {
		const { worker, result } = job();
		worker.reply(done(true));
		const photo = await result;
		expect(photo.bytes).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
		expect(worker.terminated).toBe(false);
		worker.reply({ type: 'checked' });
		await expect(photo.checked).resolves.toBeUndefined();
		expect(worker.terminated).toBe(true);
	});

	it('rejects the check with the typed error when the bytes fail it', async () => {
		const { worker, result } = job();
		worker.reply(done(true));
		const photo = await result;
		worker.reply({ type: 'error', code: 'corrupt', message: 'Damaged.' });
		await expect(photo.checked).rejects.toEqual(new PrepareError('corrupt', 'Damaged.'));
		expect(worker.terminated).toBe(true);
	});

	it('fails the check when the worker breaks, answers garbage or twice, or the job is aborted', async () => {
		for (const breakIt of [
			(w: FakeWorker) => w.dispatchEvent(new Event('error')),
			(w: FakeWorker) => w.reply({ type: 'nope' }),
			(w: FakeWorker) => w.reply(done(false))
		]) {
			const { worker, result } = job();
			worker.reply(done(true));
			const photo = await result;
			breakIt(worker);
			await expect(photo.checked).rejects.toBeInstanceOf(PrepareError);
			expect(worker.terminated).toBe(true);
		}
		const abort = new AbortController();
		const { worker, result } = job(abort.signal);
		worker.reply(done(true));
		const photo = await result;
		abort.abort(new DOMException('left', 'AbortError'));
		await expect(photo.checked).rejects.toThrow('left');
		expect(worker.terminated).toBe(true);
	});

	it('hands a worker whose job went well to `retire`, and ends a failed one at once', async () => {
		const retired: PhotoWorkerPort[] = [];
		const retire = (w: PhotoWorkerPort) => retired.push(w);
		const good = new FakeWorker();
		const result = runPhotoJob(() => good, request, { retire });
		good.reply(done(false));
		const photo = await result;
		expect(photo.checked).toBeUndefined();
		expect(retired).toEqual([good]);
		expect(good.terminated).toBe(false);

		const checking = new FakeWorker();
		const pending = runPhotoJob(() => checking, request, { retire });
		checking.reply(done(true));
		const checked = (await pending).checked;
		expect(retired).toEqual([good]);
		checking.reply({ type: 'checked' });
		await checked;
		expect(retired).toEqual([good, checking]);

		const bad = new FakeWorker();
		const failed = runPhotoJob(() => bad, request, { retire });
		bad.reply({ type: 'error', code: 'corrupt', message: 'Damaged.' });
		await expect(failed).rejects.toMatchObject({ code: 'corrupt' });
		expect(bad.terminated).toBe(true);
		expect(retired).toEqual([good, checking]);
	});

	it('hands back a worker that said it was reusable, and no earlier job hears the next one', async () => {
		const kept: [PhotoWorkerPort, boolean][] = [];
		const retire = (w: PhotoWorkerPort, reusable: boolean) => kept.push([w, reusable]);
		const worker = new FakeWorker();
		const progress: number[] = [];
		const first = runPhotoJob(() => worker, request, {
			retire,
			onProgress: (pct) => progress.push(pct)
		});
		worker.reply(done(false, true));
		expect((await first).checked).toBeUndefined();
		expect(kept).toEqual([[worker, true]]);
		expect(worker.terminated).toBe(false);

		// The same worker takes the next job: only that job hears its replies.
		const second = runPhotoJob(() => worker, request, { retire });
		const heardBefore = progress.length;
		worker.reply({ type: 'progress', pct: 50 });
		worker.reply({ type: 'error', code: 'corrupt', message: 'Damaged.' });
		await expect(second).rejects.toMatchObject({ code: 'corrupt' });
		expect(progress.length).toBe(heardBefore);
		expect(worker.terminated).toBe(true);
		expect(kept).toEqual([[worker, true]]);
	});

	it('refuses a `checked` with no bytes before it', async () => {
		const { worker, result } = job();
		worker.reply({ type: 'checked' });
		await expect(result).rejects.toBeInstanceOf(PrepareError);
	});
});
