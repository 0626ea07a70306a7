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
		// Transfer a buffer holding exactly the clip, nothing around it.
		const buffer =
			bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
				? bytes.buffer
				: bytes.slice().buffer;
		reply({ type: 'done', bytes: buffer, ...clip }, [buffer]);
	} catch (e) {
		reply({ type: 'error', code: e instanceof VideoError ? e.code : 'unreadable' });
	}
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
