/** The video worker: one clip in, progress and one remuxed clip (or error) out; see `prepare-video-in-worker.ts`. */
import { prepareVideo } from './prepare-video';
import { VideoError } from './video-error';
import { parseVideoRequest, type VideoReply } from './video-messages';

function reply(message: VideoReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

/** Whether this worker can do all the page could: a remux that must re-encode needs WebCodecs. */
function hasWebCodecs(): boolean {
	return typeof VideoDecoder === 'function' && typeof VideoEncoder === 'function';
}

/** Past this much zeroed buffer after the clip (what the remux dropped), it goes in a copy of its size. */
const MAX_SLACK_BYTES = 1 << 20;

/**
 * The clip as it is transferred: a view at the start of its buffer, with at most a little zeroed
 * buffer after it (the clip is laid out in the file's buffer, a little longer than the clip).
 */
function withLittleSlack(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const slack = bytes.buffer.byteLength - bytes.byteLength;
	if (bytes.byteOffset === 0 && slack <= Math.max(MAX_SLACK_BYTES, bytes.byteLength / 16)) return bytes;
	const copy = bytes.slice();
	bytes.fill(0);
	return copy;
}

async function handle(raw: unknown): Promise<void> {
	const request = parseVideoRequest(raw);
	if (request === null) {
		reply({ type: 'error', code: 'unreadable' });
		return;
	}
	if (request.webCodecs && !hasWebCodecs()) {
		reply({ type: 'unavailable' });
		return;
	}
	try {
		const { bytes, ...clip } = await prepareVideo(request.file, {
			onProgress: (pct) => reply({ type: 'progress', pct })
		});
		const sent = withLittleSlack(bytes);
		reply({ type: 'done', bytes: sent, ...clip }, [sent.buffer]);
	} catch (e) {
		reply({ type: 'error', code: e instanceof VideoError ? e.code : 'unreadable' });
	}
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
