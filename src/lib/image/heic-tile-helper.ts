/**
 * The photo worker's side of a HEIC tile worker: a `TileHelper` that hands a share of the tiles
 * to a worker of its own, with libheif already compiled (a `WebAssembly.Module` is passed, not
 * fetched again) and a copy of the file.
 */
import type { TileHelper } from './heic-tiled-decode';
import { parseTileReply, type TileRequest } from './heic-tile-messages';
import { PrepareError } from './prepare-error';

/** The part of a `Worker` used here. */
export interface TileWorkerPort {
	postMessage(message: TileRequest, transfer: Transferable[]): void;
	addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

export function spawnTileWorker(): TileWorkerPort {
	return new Worker(new URL('./heic-tile.worker.ts', import.meta.url), {
		type: 'module',
		name: 'heic-tiles'
	});
}

/**
 * How many helpers to start beside the photo worker: one per spare core, at most three (past
 * that, starting them costs more than they save on a 12 MP photo). None where there are no
 * nested workers.
 */
export function tileHelperCount(): number {
	if (typeof Worker !== 'function') return 0;
	const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency || 1 : 1;
	return Math.max(0, Math.min(3, cores - 1));
}

export function tileHelper(
	module: WebAssembly.Module,
	bytes: Uint8Array,
	maxPixels: number,
	spawn: () => TileWorkerPort = spawnTileWorker
): TileHelper {
	let worker: TileWorkerPort | null = null;
	return {
		decode(indices, tileBytes, onTile) {
			if (indices.length === 0) return Promise.resolve(true);
			const w = (worker = spawn());
			return new Promise<boolean>((resolve, reject) => {
				const wanted = new Set(indices);
				let answered = false;
				w.addEventListener('message', (event) => {
					answered = true;
					const reply = parseTileReply(event instanceof MessageEvent ? event.data : undefined);
					if (reply?.type === 'tile' && wanted.delete(reply.index) && reply.pixels.byteLength === tileBytes) {
						onTile(reply.index, new Uint8ClampedArray(reply.pixels));
					} else if (reply?.type === 'done' && wanted.size === 0) resolve(true);
					else reject(new PrepareError(reply?.type === 'error' ? reply.code : 'failed'));
				});
				w.addEventListener('messageerror', () => reject(new PrepareError('failed')));
				// Before any answer, an error is a worker that did not load: the photo worker takes over.
				w.addEventListener('error', () => (answered ? reject(new PrepareError('failed')) : resolve(false)));
				const copy = bytes.slice().buffer;
				try {
					w.postMessage({ type: 'tiles', module, bytes: copy, indices, maxPixels }, [copy]);
				} catch {
					resolve(false);
				}
			});
		},
		close() {
			worker?.terminate();
		}
	};
}
