import type { PixelSize } from './image-header';
import { MAX_PIXELS, MAX_SIDE } from './pixel-limits';
import { tooLargeError } from './prepare-error';

/** Throws 'too-large' for a picture that is unsafe to decode. */
export function checkPixelLimits(size: PixelSize): void {
	if (size.width > MAX_SIDE || size.height > MAX_SIDE || size.width * size.height > MAX_PIXELS) {
		throw tooLargeError(size.width, size.height);
	}
}
