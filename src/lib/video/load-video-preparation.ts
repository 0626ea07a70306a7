import type { PreparedVideo } from '../drops/drop-content';

/**
 * Loads the remuxer (mediabunny) when a clip is first chosen: it is not part of the room page's
 * first load, and a page that only receives never fetches it.
 */
export async function prepareVideoForSending(
	file: File,
	onProgress: (pct: number) => void,
	signal?: AbortSignal
): Promise<PreparedVideo> {
	const { prepareVideo } = await import('./prepare-video');
	signal?.throwIfAborted();
	return prepareVideo(file, { onProgress, ...(signal ? { signal } : {}) });
}
