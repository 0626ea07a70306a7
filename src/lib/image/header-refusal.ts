import { sniffImage } from './image-header';
import { checkPixelLimits } from './pixel-check';
import { PrepareError } from './prepare-error';

/**
 * Refuses what a file's first bytes already condemn (not an image, a decompression bomb), before
 * a worker is started. Loaded by `prepare-photo.ts` with the first photo chosen, not with it: the
 * room page's warm-up fetches none of the header readers.
 */
export function refuseByHeader(head: Uint8Array): void {
	const header = sniffImage(head);
	if (header === null) throw new PrepareError('not-an-image');
	if (header.size !== null) checkPixelLimits(header.size);
}
