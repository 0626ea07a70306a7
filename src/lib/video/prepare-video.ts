import {
	ALL_FORMATS,
	BufferSource,
	BufferTarget,
	Conversion,
	Input,
	Mp4OutputFormat,
	Output,
	WebMOutputFormat
} from 'mediabunny';
import type { PreparedVideo } from '../drops/drop-content';
import { MAX_VIDEO_BYTES, MAX_VIDEO_MS, type VideoMime } from '../protocol/peer-messages';
import { canWriteInPlace, InPlaceTarget } from './in-place-target';
import { zeroMp4Times } from './mp4-boxes';
import { VideoError } from './video-error';
import { MAX_VIDEO_FILE_BYTES } from './video-file';

export interface VideoJob {
	onProgress?: (pct: number) => void;
	signal?: AbortSignal;
}

/** The containers this app reads, and the one each leaves as. */
const OUTPUT_OF: Record<string, VideoMime> = {
	MP4: 'video/mp4',
	'QuickTime File Format': 'video/mp4',
	WebM: 'video/webm'
};

/**
 * Remuxes a chosen clip in the browser, so that none of its metadata leaves this device: the
 * tracks' packets are copied as they are (no re-encode where the container can hold them), and
 * nothing else is. No tags (GPS `©xyz`, `udta`/`meta`, make and model, dates): the output gets
 * an empty tag set; the muxer's own creation times are zeroed after. Refused, with a `VideoError`,
 * when the file is too big or too long, is not MP4, WebM or QuickTime, or can't be read.
 * The clip is laid out in the buffer the file was read into, where it fits (`in-place-target.ts`):
 * then `bytes` is a view at its start, and the little of it past the clip is zero.
 */
export async function prepareVideo(file: Blob, job: VideoJob = {}): Promise<PreparedVideo> {
	if (file.size > MAX_VIDEO_FILE_BYTES) throw new VideoError('file-too-big');
	// One read of the whole file, then the demuxer works from memory: many small Blob reads cost
	// more than the one (mediabunny's BlobSource took 3 to 6 times as long). Unless the clip ends
	// up in it, the copy is zeroed once the remux is done.
	const whole = new Uint8Array(await file.arrayBuffer());
	const input = new Input({ source: new BufferSource(whole), formats: ALL_FORMATS });
	let kept = false;
	try {
		const clip = await remux(input, whole, job);
		const bytes = withLittleSlack(clip.bytes);
		kept = bytes.buffer === whole.buffer;
		return { ...clip, bytes };
	} catch (err) {
		if (err instanceof VideoError || job.signal?.aborted) throw err;
		throw new VideoError('unreadable');
	} finally {
		input.dispose();
		if (!kept) whole.fill(0);
	}
}

/** Past this much zeroed buffer after the clip (what the remux dropped), it gets a buffer of its own. */
const MAX_SLACK_BYTES = 1 << 20;

/** The clip with at most a little zeroed buffer after it (it may lie in the file's longer buffer). */
function withLittleSlack(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const slack = bytes.buffer.byteLength - bytes.byteLength;
	return slack <= Math.max(MAX_SLACK_BYTES, bytes.byteLength / 16) ? bytes : bytes.slice();
}

/** Where the muxer writes: into the file's own buffer where this mediabunny allows it. */
function targetFor(whole: Uint8Array<ArrayBuffer>) {
	if (!canWriteInPlace()) {
		const target = new BufferTarget();
		return { target, bytes: () => (target.buffer ? new Uint8Array(target.buffer) : null) };
	}
	const target = new InPlaceTarget(whole);
	return { target, bytes: () => target.bytes };
}

async function remux(input: Input, whole: Uint8Array<ArrayBuffer>, job: VideoJob): Promise<PreparedVideo> {
	const mime = OUTPUT_OF[(await input.getFormat()).name];
	if (!mime) throw new VideoError('not-a-video');
	const seconds = await input.computeDuration();
	if (!(seconds > 0)) throw new VideoError('unreadable');
	if (seconds * 1000 > MAX_VIDEO_MS) throw new VideoError('too-long');
	const track = await input.getPrimaryVideoTrack();
	if (!track) throw new VideoError('no-picture');
	const { target, bytes: outputBytes } = targetFor(whole);
	// Moov first, built in memory once the packets are known: no second pass over the output.
	const format =
		mime === 'video/webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: 'in-memory' });
	const output = new Output({ format, target });
	const conversion = await Conversion.init({ input, output, tags: {}, showWarnings: false });
	// A picture track that can't be copied or re-encoded here would be dropped: refuse instead.
	if (!conversion.isValid || conversion.discardedTracks.some((d) => d.track.type === 'video')) {
		throw new VideoError('no-picture');
	}
	const abort = () => void conversion.cancel();
	job.signal?.addEventListener('abort', abort, { once: true });
	try {
		// mediabunny reports each packet (300 for 10 s at 30 fps): passed on when the percent moves.
		let last = -1;
		conversion.onProgress = (p) => {
			const pct = Math.floor(p * 100);
			if (pct === last) return;
			last = pct;
			job.onProgress?.(pct);
		};
		await conversion.execute();
	} finally {
		job.signal?.removeEventListener('abort', abort);
	}
	job.signal?.throwIfAborted();
	const bytes = outputBytes();
	if (!bytes) throw new VideoError('unreadable');
	if (bytes.length > MAX_VIDEO_BYTES) throw new VideoError('file-too-big');
	if (mime === 'video/mp4') zeroMp4Times(bytes);
	return {
		bytes,
		mime,
		width: track.displayWidth,
		height: track.displayHeight,
		durationMs: Math.max(1, Math.round(seconds * 1000))
	};
}
