/**
 * Prepares a dropped photo for sending: decoded, turned upright, scaled to at most `maxEdge` on
 * its long side and re-encoded as a JPEG that carries no metadata (no EXIF, GPS, XMP, ICC...).
 * The work happens in a module worker, one per call, ended when the call settles or is aborted.
 */
import { sniffImage } from './image-header';
import { checkPixelLimits, DEFAULT_MAX_EDGE, DEFAULT_QUALITY, MAX_INPUT_BYTES } from './inspect-photo';
import { fileTooBigError, PrepareError } from './prepare-error';
import { isValidMaxEdge, isValidQuality, parsePrepareReply, type PrepareRequest } from './prepare-messages';

export { PrepareError, type PrepareErrorCode } from './prepare-error';

export interface PreparedPhoto {
	bytes: Uint8Array<ArrayBuffer>;
	mime: 'image/jpeg';
	width: number;
	height: number;
}

export interface PreparePhotoOptions {
	/** The longest side of the result in pixels; 2560 by default. */
	maxEdge?: number;
	/** JPEG quality, 0..1; 0.85 by default. */
	quality?: number;
	/** Called with 0..100, never going down. */
	onProgress?: (pct: number) => void;
	/** Aborting ends the worker at once and rejects with the signal's reason. */
	signal?: AbortSignal;
}

/** The part of a `Worker` used here: a fake one in unit tests. */
export interface PhotoWorkerPort {
	postMessage(message: PrepareRequest): void;
	addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

function spawnPhotoWorker(): PhotoWorkerPort {
	return new Worker(new URL('./prepare-photo.worker.ts', import.meta.url), {
		type: 'module',
		name: 'prepare-photo'
	});
}

/** Enough for the header of almost any photo: a JPEG's SOF comes after its EXIF (64 KB at most). */
const HEAD_BYTES = 256 * 1024;

/**
 * Refuses what the first bytes already condemn (not an image, a decompression bomb) before a
 * worker is started. Anything else, including a header that does not fit in the first bytes, is
 * left to the worker, which reads the whole file.
 */
async function refuseByHeader(file: Blob): Promise<void> {
	const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
	const header = sniffImage(head);
	if (header === null) throw new PrepareError('not-an-image');
	if (header.size !== null) checkPixelLimits(header.size);
}

/** Rejects with `PrepareError` for anything a user can meet; see `PrepareErrorCode`. */
export function preparePhoto(file: Blob, opts: PreparePhotoOptions = {}): Promise<PreparedPhoto> {
	return preparePhotoWith(takePhotoWorker, file, opts);
}

/** `preparePhoto` with the worker supplied by the caller. */
export async function preparePhotoWith(
	spawn: () => PhotoWorkerPort,
	file: Blob,
	opts: PreparePhotoOptions = {}
): Promise<PreparedPhoto> {
	const { maxEdge = DEFAULT_MAX_EDGE, quality = DEFAULT_QUALITY, onProgress, signal } = opts;
	if (!isValidMaxEdge(maxEdge)) throw new RangeError(`maxEdge must be an integer from 16 to 20000`);
	if (!isValidQuality(quality)) throw new RangeError(`quality must be in (0, 1]`);
	signal?.throwIfAborted();
	if (file.size > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	await refuseByHeader(file);
	signal?.throwIfAborted();

	let reported = -1;
	const progress = (pct: number): void => {
		const next = Math.min(100, Math.max(reported, Math.round(pct)));
		if (next === reported) return;
		reported = next;
		onProgress?.(next);
	};

	const worker = spawn();
	let onAbort = (): void => {};
	try {
		return await new Promise<PreparedPhoto>((resolve, reject) => {
			onAbort = () => {
				const reason: unknown = signal?.reason;
				reject(reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			worker.addEventListener('message', (event) => {
				const reply = parsePrepareReply(event instanceof MessageEvent ? event.data : undefined);
				if (reply === null) {
					reject(new PrepareError('failed'));
				} else if (reply.type === 'progress') {
					progress(reply.pct);
				} else if (reply.type === 'done') {
					progress(100);
					resolve({
						bytes: new Uint8Array(reply.bytes),
						mime: 'image/jpeg',
						width: reply.width,
						height: reply.height
					});
				} else {
					reject(new PrepareError(reply.code, reply.message));
				}
			});
			worker.addEventListener('messageerror', () => reject(new PrepareError('failed')));
			// A worker that fails to load or throws outside our handler.
			worker.addEventListener('error', () => reject(new PrepareError('failed')));
			progress(0);
			worker.postMessage({ type: 'prepare', file, maxEdge, quality });
		});
	} finally {
		signal?.removeEventListener('abort', onAbort);
		worker.terminate();
	}
}

/**
 * One idle worker, loaded ahead of time: a photo can then be prepared at once, even while the
 * server that serves the worker's script is briefly away. Each call takes it and leaves a new one.
 */
let spareWorker: PhotoWorkerPort | null = null;

export function warmUpPhotoWorker(): void {
	spareWorker ??= spawnPhotoWorker();
}

function takePhotoWorker(): PhotoWorkerPort {
	const worker = spareWorker ?? spawnPhotoWorker();
	spareWorker = null;
	warmUpPhotoWorker();
	return worker;
}
