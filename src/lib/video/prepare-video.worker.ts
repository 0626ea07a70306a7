/** The video worker: one clip in, progress and one remuxed clip (or error) out; see `prepare-video-in-worker.ts`. */
import { prepareVideo } from './prepare-video';
import { VideoError } from './video-error';
import { parseVideoRequest, type VideoReply } from './video-messages';
import { warmUpClip } from './warm-up-clip';

function reply(message: VideoReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

/** Whether this worker can do all the page could: a remux that must re-encode needs WebCodecs. */
function hasWebCodecs(): boolean {
	return typeof VideoDecoder === 'function' && typeof VideoEncoder === 'function';
}

/** The tiny clip's remux, begun as this worker loads; a clip's remux starts once it is done. */
const warmedUp = prepareVideo(warmUpClip()).then(
	(clip) => void clip.bytes.fill(0),
	() => undefined
);

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
		await warmedUp;
		const { bytes, ...clip } = await prepareVideo(request.file, {
			onProgress: (pct) => reply({ type: 'progress', pct })
		});
		reply({ type: 'done', bytes, ...clip }, [bytes.buffer]);
	} catch (e) {
		reply({ type: 'error', code: e instanceof VideoError ? e.code : 'unreadable' });
	}
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
