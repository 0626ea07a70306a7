import { walkJpeg } from '../../src/lib/image/jpeg-segments';

/** The bytes from the first SOS to EOI: the coded picture, for "the pixels were not re-encoded" checks. */
export function codedPicture(jpeg: Uint8Array): Uint8Array {
	let start = -1;
	for (const part of walkJpeg(jpeg)) {
		if (part.kind === 'segment' && part.marker === 0xda && start < 0) start = part.start;
		if (part.kind === 'standalone' && part.marker === 0xd9 && start >= 0)
			return jpeg.subarray(start, part.end);
	}
	throw new Error('no scan');
}
