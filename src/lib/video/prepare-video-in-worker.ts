/**
 * A clip remuxed in a worker of its own, so that the page stays responsive while mediabunny
 * copies the tracks; the result's bytes are transferred back, not copied. Where there is no
 * worker to be had (no `Worker`, a worker that fails to load, or one without the WebCodecs the
 * page has), the page remuxes the clip itself: the same `prepareVideo`, the same checks.
 */
import type { PreparedVideo } from '../drops/drop-content';
import type { VideoJob } from './prepare-video';
import { VideoError } from './video-error';
import { parseVideoReply, type VideoRequest } from './video-messages';

/** The part of a `Worker` used here: a fake one in unit tests. */
export interface VideoWorkerPort {
	postMessage(message: VideoRequest): void;
	addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

export interface VideoWorkerDeps {
	/** A worker for one clip; null where this browser has no module workers. */
	spawn: (() => VideoWorkerPort) | null;
	/** Called once a clip's worker is done with: the browser starts the next one's. */
	afterJob?: () => void;
	/** The same remux on the page's own thread. */
	onPage: (file: Blob, job: VideoJob) => Promise<PreparedVideo>;
	webCodecs: boolean;
}

function spawnVideoWorker(): VideoWorkerPort {
	return new Worker(new URL('./prepare-video.worker.ts', import.meta.url), {
		type: 'module',
		name: 'prepare-video'
	});
}

/**
 * One idle worker, loaded ahead of the next clip (mediabunny takes a while to load): started
 * once a clip is done, so the first clip pays for the load and the next ones do not.
 */
let spareWorker: VideoWorkerPort | null = null;

export function warmUpVideoWorker(): void {
	if (typeof Worker === 'function') spareWorker ??= spawnVideoWorker();
}

function takeVideoWorker(): VideoWorkerPort {
	const worker = spareWorker ?? spawnVideoWorker();
	spareWorker = null;
	return worker;
}

export function browserVideoDeps(): VideoWorkerDeps {
	return {
		spawn: typeof Worker === 'function' ? takeVideoWorker : null,
		afterJob: warmUpVideoWorker,
		onPage: async (file, job) => (await import('./prepare-video')).prepareVideo(file, job),
		webCodecs: typeof VideoDecoder === 'function' && typeof VideoEncoder === 'function'
	};
}

/** Resolves with the clip, or with null when the worker can't do the job and the page must. */
function runInWorker(worker: VideoWorkerPort, file: Blob, job: VideoJob, webCodecs: boolean) {
	return new Promise<PreparedVideo | null>((resolve, reject) => {
		let answered = false;
		job.signal?.throwIfAborted();
		worker.addEventListener('message', (event) => {
			answered = true;
			const reply = parseVideoReply(event instanceof MessageEvent ? event.data : undefined);
			if (reply === null) reject(new VideoError('unreadable'));
			else if (reply.type === 'progress') job.onProgress?.(reply.pct);
			else if (reply.type === 'unavailable') resolve(null);
			else if (reply.type === 'error') reject(new VideoError(reply.code));
			else resolve(reply);
		});
		worker.addEventListener('messageerror', () => reject(new VideoError('unreadable')));
		// Before any answer, an error is a worker that did not load: the page takes over.
		worker.addEventListener('error', () => (answered ? reject(new VideoError('unreadable')) : resolve(null)));
		job.signal?.addEventListener('abort', () => reject(abortReason(job.signal)), { once: true });
		worker.postMessage({ type: 'prepare-video', file, webCodecs });
	});
}

function abortReason(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	return reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError');
}

/** `prepareVideo` in a fresh worker, ended when the job settles or is aborted. */
export async function prepareVideoInWorker(
	file: Blob,
	job: VideoJob = {},
	deps: VideoWorkerDeps = browserVideoDeps()
): Promise<PreparedVideo> {
	job.signal?.throwIfAborted();
	if (deps.spawn === null) return deps.onPage(file, job);
	const worker = deps.spawn();
	let made: PreparedVideo | null;
	try {
		made = await runInWorker(worker, file, job, deps.webCodecs);
	} finally {
		worker.terminate();
		deps.afterJob?.();
	}
	return made ?? deps.onPage(file, job);
}
