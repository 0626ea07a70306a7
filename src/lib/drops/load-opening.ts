import type { SealedCopy } from '../crypto/drop-sealing';
import type { DropHeader } from '../protocol/peer-messages';
import type { Opened, Shown } from './open-sealed-drop';

/**
 * The code that opens a granted copy (open-sealed-drop, the photo worker's opener) loads with
 * the first copy that arrives whole, not with the room page: a room that never receives a drop
 * never fetches it.
 */
const loadOpening = () => import('./open-sealed-drop');

/** `prefetchOpening` once the opening code is here: a copy is sealed and waits for its view. */
export function prefetchOpening(kind: DropHeader['kind']): void {
	void loadOpening().then(
		(opening) => opening.prefetchOpening(kind),
		() => undefined
	);
}

/** `openSealedDrop`; if its code cannot load, the key and the sealed bytes are zeroed all the same. */
export async function openSealedDrop(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[],
	header: DropHeader
): Promise<Opened> {
	let opening: Awaited<ReturnType<typeof loadOpening>>;
	try {
		opening = await loadOpening();
	} catch (err) {
		key.fill(0);
		for (const chunk of chunks) chunk.fill(0);
		throw err;
	}
	return opening.openSealedDrop(key, copy, chunks, header);
}

/** Lets go of what a view showed: the picture's pixels, the clip's Blob. */
export function releaseShown(shown: Shown | null): void {
	if (shown?.kind === 'photo') shown.bitmap.close();
	if (shown?.kind === 'video') URL.revokeObjectURL(shown.url);
}
