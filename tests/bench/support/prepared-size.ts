import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_EDGE, fitWithin, inspectPhoto } from '../../../src/lib/image/inspect-photo';
import type { PixelSize } from '../../../src/lib/image/image-header';

/** The size the app's default preparation gives this photo: upright, long edge at most 2560. */
export function preparedSize(path: string): PixelSize {
	const shown = inspectPhoto(new Uint8Array(readFileSync(path))).shownSize;
	if (!shown) throw new Error(`no size in the header of ${path}`);
	return fitWithin(shown, DEFAULT_MAX_EDGE);
}
