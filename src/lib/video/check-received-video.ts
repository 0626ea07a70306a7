import { MAX_VIDEO_MS, type VideoMime } from '../protocol/peer-messages';
import { looksLikeMp4, mp4DurationMs } from './mp4-boxes';
import { ebmlDocType, webmDurationMs } from './webm-elements';

export type ReceivedVideoProblem = 'not-a-video' | 'video-wrong-format' | 'video-too-long';

function sniffContainer(bytes: Uint8Array): VideoMime | null {
	if (looksLikeMp4(bytes)) return 'video/mp4';
	const doc = ebmlDocType(bytes);
	return doc === 'webm' || doc === 'matroska' ? 'video/webm' : null;
}

/**
 * Checks a received clip from its own bytes before the browser's player sees it: its container
 * must be the one the header named, and its length (from the container) at most a minute. A
 * sender's claim is no proof; and the view still ends at the header's length whatever plays.
 */
export function checkReceivedVideo(
	bytes: Uint8Array,
	claimed: { mime: VideoMime }
): ReceivedVideoProblem | null {
	const found = sniffContainer(bytes);
	if (!found) return 'not-a-video';
	if (found !== claimed.mime) return 'video-wrong-format';
	const ms = found === 'video/mp4' ? mp4DurationMs(bytes) : webmDurationMs(bytes);
	if (ms === null) return 'not-a-video';
	if (ms > MAX_VIDEO_MS) return 'video-too-long';
	return null;
}
