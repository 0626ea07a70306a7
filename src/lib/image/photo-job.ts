/**
 * One request to a photo worker, its progress and its result: the worker is done with when the
 * job is over, which for bytes sent out `checking` is when their check settles, not when they
 * arrive; then ended, or handed to the caller's `retire`, with whether it may take another job.
 */
import { PrepareError } from './prepare-error';
import { parsePrepareReply, type PrepareReply, type PrepareRequest } from './prepare-messages';
import type { PreparedPhoto } from './prepared-photo';

export interface PhotoJobOptions {
	/** Called with 0..100, never going down. */
	onProgress?: (pct: number) => void;
	/** Aborting ends the worker at once and rejects with the signal's reason. */
	signal?: AbortSignal;
	/**
	 * Takes the worker of a job that is over and went well: ended at once unless the caller puts
	 * it off, or kept for another job where `reusable` (the worker said so: see
	 * `REUSABLE_INPUT_BYTES`). Nothing of this job listens to it any more. A job that fails or is
	 * aborted ends its worker at once, whatever this says.
	 */
	retire?: (worker: PhotoWorkerPort, reusable: boolean) => void;
}

/** The part of a `Worker` used here: a fake one in unit tests. */
export interface PhotoWorkerPort {
	postMessage(message: PrepareRequest): void;
	addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	removeEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

interface Settle<T> {
	resolve: (v: T) => void;
	reject: (e: Error) => void;
}

/** A promise and the hands that settle it. */
function settleable<T>(): { promise: Promise<T> } & Settle<T> {
	let settle: Settle<T> = { resolve: () => {}, reject: () => {} };
	const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
	return { promise, ...settle };
}

function progressReporter(onProgress: ((pct: number) => void) | undefined): (pct: number) => void {
	let reported = -1;
	return (pct) => {
		const next = Math.min(100, Math.max(reported, Math.round(pct)));
		if (next === reported) return;
		reported = next;
		onProgress?.(next);
	};
}

/**
 * Sends one request to a worker (fresh, or one that said it was reusable) and waits for its
 * result, reporting progress. Once the job is over the worker is handed to `retire` and this job
 * stops listening to it, so a next job on it hears only its own replies.
 */
export function runPhotoJob(
	spawn: () => PhotoWorkerPort,
	request: PrepareRequest,
	{ onProgress, signal, retire = (w) => w.terminate() }: PhotoJobOptions
): Promise<PreparedPhoto> {
	const progress = progressReporter(onProgress);
	const result = settleable<PreparedPhoto>();
	// Where the job's bytes are out and still being checked: what the check's answer settles.
	let check: Settle<void> | null = null;
	let reusable = false;
	let over = false;
	const worker = spawn();
	const end = (error: Error | null) => {
		if (over) return;
		over = true;
		signal?.removeEventListener('abort', onAbort);
		worker.removeEventListener('message', onMessage);
		worker.removeEventListener('messageerror', onBroken);
		worker.removeEventListener('error', onBroken);
		// The answer first: ending a worker takes the page a millisecond or more, which the drop
		// waiting on it need not wait for.
		if (error) {
			result.reject(error);
			check?.reject(error);
			worker.terminate();
		} else {
			check?.resolve();
			retire(worker, reusable);
		}
	};
	const onAbort = () => {
		const reason: unknown = signal?.reason;
		end(reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError'));
	};
	const onReply = (reply: PrepareReply | null) => {
		if (reply === null) return end(new PrepareError('failed'));
		if (reply.type === 'progress') return progress(reply.pct);
		if (reply.type === 'error') return end(new PrepareError(reply.code, reply.message));
		if (reply.type === 'checked') return check ? end(null) : end(new PrepareError('failed'));
		if (check) return end(new PrepareError('failed'));
		progress(100);
		const { bytes, mime, width, height } = reply;
		reusable = reply.reusable;
		const photo: PreparedPhoto = { bytes, mime, width, height };
		if (reply.checking) {
			const checked = settleable<void>();
			check = checked;
			photo.checked = checked.promise;
			// Whoever sends the bytes awaits this; nothing is left unhandled if nobody does.
			checked.promise.catch(() => undefined);
		}
		result.resolve(photo);
		if (!reply.checking) end(null);
	};
	const onMessage = (event: Event) =>
		onReply(parsePrepareReply(event instanceof MessageEvent ? event.data : undefined));
	// A message that can't be read, or a worker that fails to load or throws outside our handler.
	const onBroken = () => end(new PrepareError('failed'));
	signal?.addEventListener('abort', onAbort, { once: true });
	worker.addEventListener('message', onMessage);
	worker.addEventListener('messageerror', onBroken);
	worker.addEventListener('error', onBroken);
	progress(0);
	worker.postMessage(request);
	return result.promise;
}
