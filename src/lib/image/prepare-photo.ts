/**
 * Prepares a dropped photo for sending, in a module worker (one job at a time; ended when the
 * call settles or is aborted, or kept warm for the next call after a small job):
 * - `preparePhoto(file)`: decoded, turned upright, scaled to at most `maxEdge` on its long side
 *   and re-encoded as a JPEG that carries no metadata (no EXIF, GPS, XMP, ICC...);
 * - `prepareOriginal(file)`: full size, upright, no metadata. An upright JPEG keeps its coded
 *   picture byte for byte (only metadata segments go); a JPEG with an EXIF orientation is turned
 *   and re-encoded at 0.95; PNG, WebP, GIF, BMP and AVIF are redrawn as PNG;
 * - `watermarkPhoto(prepared, text)`: a prepared photo with `text` drawn faintly across it, as a
 *   JPEG of the same size with no metadata.
 */
import { DEFAULT_MAX_EDGE, DEFAULT_QUALITY, MAX_INPUT_BYTES } from './inspect-photo';
import { fileTooBigError, PrepareError } from './prepare-error';
import { isPreparedMime, isValidMaxEdge, isValidQuality, isValidSide } from './prepare-messages';
import { runPhotoJob, type PhotoJobOptions, type PhotoWorkerPort } from './photo-job';
import { sanitizeWatermarkText } from './watermark-text';
import { whenIdle } from '../time/when-idle';
import type { PreparedPhoto } from './prepared-photo';

export { PrepareError, type PrepareErrorCode } from './prepare-error';
export type { PhotoJobOptions, PhotoWorkerPort } from './photo-job';
export type { PreparedMime } from './prepare-messages';
export { MAX_WATERMARK_CHARS, sanitizeWatermarkText } from './watermark-text';

export interface PreparePhotoOptions extends PhotoJobOptions {
	/** The longest side of the result in pixels; 2560 by default. */
	maxEdge?: number;
	/** JPEG quality, 0..1; 0.85 by default. */
	quality?: number;
}

/** What `watermarkPhoto` takes: a `PreparedPhoto`, or anything with its fields. */
export interface WatermarkSource {
	bytes: Uint8Array;
	/** 'image/jpeg' or 'image/png' (a `PreparedMime`); anything else is a `RangeError`. */
	mime: string;
	width: number;
	height: number;
}

function spawnPhotoWorker(): PhotoWorkerPort {
	return new Worker(new URL('./prepare-photo.worker.ts', import.meta.url), {
		type: 'module',
		name: 'prepare-photo'
	});
}

/** Rejects with `PrepareError` for anything a user can meet; see `PrepareErrorCode`. */
export const preparePhoto = (file: Blob, opts: PreparePhotoOptions = {}): Promise<PreparedPhoto> =>
	withSpareWorker((spawn, retire) => preparePhotoWith(spawn, file, { ...opts, retire }));

/** `preparePhoto` with the worker supplied by the caller. */
export async function preparePhotoWith(
	spawn: () => PhotoWorkerPort,
	file: Blob,
	{ maxEdge = DEFAULT_MAX_EDGE, quality = DEFAULT_QUALITY, ...job }: PreparePhotoOptions = {}
): Promise<PreparedPhoto> {
	if (!isValidMaxEdge(maxEdge)) throw new RangeError(`maxEdge must be an integer from 16 to 20000`);
	if (!isValidQuality(quality)) throw new RangeError(`quality must be in (0, 1]`);
	refuseBeforeWorker(file, job.signal);
	return runPhotoJob(spawn, { type: 'prepare', file, maxEdge, quality }, job);
}

/**
 * The photo at full size, upright, with every piece of metadata removed (EXIF, GPS, XMP, ICC,
 * comments, thumbnails, trailers). Losslessly where it can be: an upright JPEG (no EXIF
 * orientation, or 1) keeps its coded picture byte for byte, and PNG, WebP, GIF, BMP and AVIF are
 * redrawn as PNG (lossless for 8-bit pixels; an animation keeps its first frame). A JPEG with an
 * EXIF orientation is turned and re-encoded at quality 0.95, a HEIC (where the browser decodes it)
 * too. Dropping an ICC profile shows a wide-gamut photo as sRGB. Refuses what `preparePhoto`
 * refuses, and with 'file-too-big' a result larger than one drop may be (`MAX_OUTPUT_BYTES`).
 */
export const prepareOriginal = (file: Blob, opts: PhotoJobOptions = {}): Promise<PreparedPhoto> =>
	withSpareWorker((spawn, retire) => prepareOriginalWith(spawn, file, { ...opts, retire }));

/** `prepareOriginal` with the worker supplied by the caller. */
export async function prepareOriginalWith(
	spawn: () => PhotoWorkerPort,
	file: Blob,
	opts: PhotoJobOptions = {}
): Promise<PreparedPhoto> {
	refuseBeforeWorker(file, opts.signal);
	return runPhotoJob(spawn, { type: 'prepare-original', file }, opts);
}

/**
 * What can be refused without reading the file: nothing else waits before the job goes to its
 * worker. The worker reads the file once and checks its bytes (`inspectPhoto`: an image at all,
 * within the pixel limits, a JPEG intact) before any decoder touches them; a page-side read of the
 * first bytes ahead of it took 7-22 ms of every drop (two reads of the file, and the page's reply
 * waiting behind the new card's first frame).
 */
function refuseBeforeWorker(file: Blob, signal: AbortSignal | undefined): void {
	signal?.throwIfAborted();
	if (file.size > MAX_INPUT_BYTES) throw fileTooBigError(MAX_INPUT_BYTES);
	if (file.size === 0) throw new PrepareError('not-an-image');
}

/**
 * Draws `text` (sanitised: one line, no control characters, at most `MAX_WATERMARK_CHARS`)
 * faintly across the whole of a prepared photo, over and over at an angle, so that a crop of it
 * still carries the text. Resolves with a JPEG (whatever `photo.mime` was: use the result's
 * `mime`) of the same size with no metadata; rejects with
 * `PrepareError` like `preparePhoto`, and with `RangeError` for empty text or a malformed photo.
 */
export const watermarkPhoto = (
	photo: WatermarkSource,
	text: string,
	opts: PhotoJobOptions = {}
): Promise<PreparedPhoto> =>
	withSpareWorker((spawn, retire) => watermarkPhotoWith(spawn, photo, text, { ...opts, retire }));

/** `watermarkPhoto` with the worker supplied by the caller. */
export async function watermarkPhotoWith(
	spawn: () => PhotoWorkerPort,
	photo: WatermarkSource,
	text: string,
	opts: PhotoJobOptions = {}
): Promise<PreparedPhoto> {
	const clean = sanitizeWatermarkText(text);
	if (clean === '') throw new RangeError('the watermark text is empty');
	const { bytes, mime, width, height } = photo;
	if (!isPreparedMime(mime) || !isValidSide(width) || !isValidSide(height) || bytes.length === 0) {
		throw new RangeError('not a prepared photo (JPEG or PNG, with its size)');
	}
	opts.signal?.throwIfAborted();
	// A copy: the caller keeps its bytes, to mark them again for the next recipient.
	const blob = new Blob([bytes.slice()], { type: mime });
	return runPhotoJob(spawn, { type: 'watermark', photo: blob, mime, width, height, text: clean }, opts);
}

/**
 * One idle worker, loaded ahead of time: a photo can then be prepared at once, even while the
 * server that serves the worker's script is briefly away. Each call takes it and leaves a new one,
 * or gives it back when its job said it was reusable.
 */
let spareWorker: PhotoWorkerPort | null = null;

export function warmUpPhotoWorker(): void {
	spareWorker ??= spawnPhotoWorker();
}

function takePhotoWorker(): PhotoWorkerPort {
	const worker = spareWorker ?? spawnPhotoWorker();
	spareWorker = null;
	return worker;
}

/**
 * Starting a worker takes the page's main thread several milliseconds (6.5 ms a worker, profiled
 * over ten small drops): the next spare starts once the page is idle, not in the middle of the
 * drop that is going out.
 */
function soonIdle(run: () => void): void {
	whenIdle(run, 1000, 0);
}

/** Workers whose job went well, ended with the next spare's start rather than in the drop's way. */
const retired: PhotoWorkerPort[] = [];

/**
 * Ending a worker costs the browser as much as starting one (about 20 ms of its main thread,
 * traced over small drops): done at once, it ran while the drop's first bytes went out. A worker
 * whose job is over is ended when the next spare starts; unless it is `reusable` (it read a small
 * file and loaded no libheif) and no spare is waiting, when it becomes the spare: warm, it read
 * and checked a 10 KB photo in 1-2 ms where a fresh worker took 4-6.
 */
const retireLater = (worker: PhotoWorkerPort, reusable: boolean): void => {
	if (reusable && spareWorker === null) spareWorker = worker;
	else retired.push(worker);
};

function retireAndWarmUp(): void {
	for (const worker of retired.splice(0)) worker.terminate();
	warmUpPhotoWorker();
}

/**
 * A job on the spare worker; the next spare starts once the job is over (its check too, where
 * its bytes came out before it), so that loading it does not take a core from the job (on 2 cores shared with the other browser it slowed the job by
 * about a third), and once the page is idle. The job's own worker is ended then too.
 */
function withSpareWorker(
	job: (
		spawn: () => PhotoWorkerPort,
		retire: (worker: PhotoWorkerPort, reusable: boolean) => void
	) => Promise<PreparedPhoto>
): Promise<PreparedPhoto> {
	return job(takePhotoWorker, retireLater).then(
		(photo) => {
			// Bytes still being checked: the job goes on in its worker until the check is over.
			void (photo.checked ?? Promise.resolve()).catch(() => undefined).then(() => soonIdle(retireAndWarmUp));
			return photo;
		},
		(err: unknown) => {
			soonIdle(retireAndWarmUp);
			throw err;
		}
	);
}
