import { describe, expect, it, vi } from 'vitest';
import type { PreparedVideo } from '../drops/drop-content';
import { prepareVideoInWorker, type VideoWorkerDeps, type VideoWorkerPort } from './prepare-video-in-worker';
import type { VideoRequest } from './video-messages';

type Listener = (event: Event) => void;

/** A worker that answers each request with `script`'s messages (or an error event for 'error'). */
class FakeWorker implements VideoWorkerPort {
	readonly listeners = new Map<string, Listener[]>();
	readonly requests: VideoRequest[] = [];
	terminated = false;

	constructor(private readonly script: Array<unknown | 'load-error'>) {}

	addEventListener(type: string, listener: Listener): void {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}

	postMessage(message: VideoRequest): void {
		this.requests.push(message);
		queueMicrotask(() => {
			for (const step of this.script) {
				const type = step === 'load-error' ? 'error' : 'message';
				const event =
					step === 'load-error' ? new Event('error') : new MessageEvent('message', { data: step });
				for (const l of this.listeners.get(type) ?? []) l(event);
			}
		});
	}

	terminate(): void {
		this.terminated = true;
	}
}

const clip = (bytes = new Uint8Array([1, 2, 3])): PreparedVideo => ({
	bytes,
	mime: 'video/mp4',
	width: 320,
	height: 240,
	durationMs: 3000
});

function deps(worker: FakeWorker | null, onPage = vi.fn(async () => clip(new Uint8Array([9])))) {
	const afterJob = vi.fn();
	const d: VideoWorkerDeps = { spawn: worker ? () => worker : null, afterJob, onPage, webCodecs: true };
	return { d, onPage, afterJob };
}

const file = new Blob(['clip']);

describe('prepareVideoInWorker', () => {
	it("hands the clip to the worker and resolves with the worker's transferred bytes", async () => {
		// The clip at the start of a buffer that runs on past it, zeroed: where the remux left it.
		const done = { type: 'done', ...clip(), bytes: new Uint8Array([4, 5, 0, 0]).subarray(0, 2) };
		const worker = new FakeWorker([{ type: 'progress', pct: 40 }, done]);
		const { d, onPage, afterJob } = deps(worker);
		const progress: number[] = [];
		const out = await prepareVideoInWorker(file, { onProgress: (p) => progress.push(p) }, d);
		expect([...out.bytes]).toEqual([4, 5]);
		expect(out).toMatchObject({ mime: 'video/mp4', width: 320, height: 240, durationMs: 3000 });
		expect(progress).toEqual([40]);
		expect(worker.requests).toEqual([{ type: 'prepare-video', file, webCodecs: true }]);
		expect(worker.terminated).toBe(true);
		expect(afterJob).toHaveBeenCalledOnce();
		expect(onPage).not.toHaveBeenCalled();
	});

	it("rejects with the worker's error code, and with 'unreadable' for a malformed answer", async () => {
		const tooLong = deps(new FakeWorker([{ type: 'error', code: 'too-long' }]));
		await expect(prepareVideoInWorker(file, {}, tooLong.d)).rejects.toMatchObject({ code: 'too-long' });
		const bad = { type: 'done', ...clip(), mime: 'video/avi' };
		const notAtStart = { type: 'done', ...clip(), bytes: new Uint8Array([1, 2, 3]).subarray(1) };
		const aBuffer = { type: 'done', ...clip(), bytes: new Uint8Array([1, 2, 3]).buffer };
		const malformed = deps(new FakeWorker([bad]));
		await expect(prepareVideoInWorker(file, {}, malformed.d)).rejects.toMatchObject({ code: 'unreadable' });
		for (const answer of [notAtStart, aBuffer]) {
			const other = deps(new FakeWorker([answer]));
			await expect(prepareVideoInWorker(file, {}, other.d)).rejects.toMatchObject({ code: 'unreadable' });
		}
		expect(tooLong.onPage).not.toHaveBeenCalled();
		expect(malformed.onPage).not.toHaveBeenCalled();
	});

	it('remuxes on the page where there is no worker, it fails to load, or it lacks WebCodecs', async () => {
		for (const worker of [null, new FakeWorker(['load-error']), new FakeWorker([{ type: 'unavailable' }])]) {
			const { d, onPage } = deps(worker);
			const out = await prepareVideoInWorker(file, {}, d);
			expect([...out.bytes]).toEqual([9]);
			expect(onPage).toHaveBeenCalledOnce();
			if (worker) expect(worker.terminated).toBe(true);
		}
	});

	it('an error after the worker has answered is a failed remux, not a reason to try again', async () => {
		const { d, onPage } = deps(new FakeWorker([{ type: 'progress', pct: 10 }, 'load-error']));
		await expect(prepareVideoInWorker(file, {}, d)).rejects.toMatchObject({ code: 'unreadable' });
		expect(onPage).not.toHaveBeenCalled();
	});

	it('aborting ends the worker and rejects with the reason', async () => {
		const worker = new FakeWorker([{ type: 'progress', pct: 5 }]);
		const { d } = deps(worker);
		const controller = new AbortController();
		const job = prepareVideoInWorker(file, { signal: controller.signal }, d);
		await Promise.resolve();
		controller.abort(new Error('stop'));
		await expect(job).rejects.toThrow('stop');
		expect(worker.terminated).toBe(true);
	});
});
