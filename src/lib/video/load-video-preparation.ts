import type { PreparedVideo } from '../drops/drop-content';

/**
 * Loads the remuxer when a clip is first chosen: it is not part of the room page's first load,
 * and a page that only receives never fetches it. The remux runs in a worker of its own
 * (`prepare-video-in-worker.ts`), or on the page where no worker can do it.
 */
export async function prepareVideoForSending(
	file: File,
	onProgress: (pct: number) => void,
	signal?: AbortSignal
): Promise<PreparedVideo> {
	const { prepareVideoInWorker } = await import('./prepare-video-in-worker');
	signal?.throwIfAborted();
	return prepareVideoInWorker(file, { onProgress, ...(signal ? { signal } : {}) });
}
