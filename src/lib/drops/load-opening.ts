import type { SealedCopy } from '../crypto/drop-sealing';
import type { DropHeader } from '../protocol/peer-messages';
import type { Opened, Shown } from './open-sealed-drop';

/**
 * The code that opens a granted copy (open-sealed-drop, the photo worker's opener) loads with
 * the first copy that arrives whole, not with the room page: a room that never receives a drop
 * never fetches it.
 */
type Opening = typeof import('./open-sealed-drop');
/** The opening code once it is here: used at once, not through another promise. */
let loaded: Opening | null = null;
const loadOpening = (): Promise<Opening> =>
	import('./open-sealed-drop').then((opening) => (loaded = opening));

/** `prefetchOpening` once the opening code is here: a copy is sealed and waits for its view. */
export function prefetchOpening(kind: DropHeader['kind']): void {
	void loadOpening().then(
		(opening) => opening.prefetchOpening(kind),
		() => undefined
	);
}

/**
 * `openSealedDrop`; if its code cannot load, the key and the sealed bytes are zeroed all the same.
 * With the code already here (it loads with the copy), the copy goes to the photo worker in the
 * same task as the key came in: an `await` here would let the viewer's render, which the key's
 * arrival has queued as a microtask, run first and hold the decode back by its 3-16 ms.
 */
export async function openSealedDrop(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[],
	header: DropHeader
): Promise<Opened> {
	if (loaded) return loaded.openSealedDrop(key, copy, chunks, header);
	let opening: Opening;
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
