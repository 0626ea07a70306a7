/** A HEIC tile worker: a share of a HEIC's tiles in, each tile's pixels out; see `heic-tile-helper.ts`. */
import { decodeTileShare } from './heic-tiles';
import { parseTileRequest, type TileReply } from './heic-tile-messages';
import { instantiateLibheif } from './libheif-loader';
import { PrepareError } from './prepare-error';

function reply(message: TileReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

async function handle(raw: unknown): Promise<void> {
	const request = parseTileRequest(raw);
	try {
		if (request === null) throw new PrepareError('failed');
		const lib = await instantiateLibheif(request.module);
		const bytes = new Uint8Array(request.bytes);
		await decodeTileShare(lib, bytes, request.indices, { maxPixels: request.maxPixels }, (index, pixels) =>
			reply({ type: 'tile', index, pixels: pixels.buffer }, [pixels.buffer])
		);
		reply({ type: 'done' });
	} catch (e) {
		reply({ type: 'error', code: e instanceof PrepareError ? e.code : 'failed' });
	}
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
