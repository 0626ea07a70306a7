import type { DropMime } from '../protocol/peer-messages';
import { sniffImage } from './image-header';
import { MAX_PIXELS, MAX_SIDE } from './pixel-limits';

export type ReceivedImageProblem = 'not-an-image' | 'wrong-format' | 'too-large' | 'size-mismatch';

/**
 * Checks a received photo from its own bytes before any decoder sees it, with the limits the
 * sender's side applies: a hostile sender could claim 1×1 in the header and ship a picture that
 * decodes to 20000×20000. The header's size must be the real one, too.
 */
export function checkReceivedImage(
	bytes: Uint8Array,
	claimed: { mime: DropMime; width: number; height: number }
): ReceivedImageProblem | null {
	const found = sniffImage(bytes);
	if (!found?.size) return 'not-an-image';
	if (found.mime !== claimed.mime) return 'wrong-format';
	const { width, height } = found.size;
	if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) return 'too-large';
	if (width !== claimed.width || height !== claimed.height) return 'size-mismatch';
	return null;
}
