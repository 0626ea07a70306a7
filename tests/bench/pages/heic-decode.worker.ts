/**
 * The HEIC decode on its own, both ways, in a worker as the app does it: decoded whole by one
 * libheif (as before the tiles were shared), or shared with tile workers (the app's way now);
 * each then scaled and encoded as the app does. libheif is loaded before the clock starts.
 */
import { withDecodedHeic, type HeicPixels } from '../../../src/lib/image/heic-decode';
import { compileLibheif, instantiateLibheif, loadHeicDecoder } from '../../../src/lib/image/libheif-loader';
import { encodeOnCanvas } from '../../../src/lib/image/photo-encoders';

export interface HeicDecodeRequest {
	mode: 'whole' | 'tiled';
	bytes: ArrayBuffer;
}

const encode = ({ data, width, height }: HeicPixels) =>
	encodeOnCanvas(new ImageData(data, width, height), 1, 2560, { type: 'image/jpeg', quality: 0.85 });

self.addEventListener('message', async (event: MessageEvent<HeicDecodeRequest>) => {
	const { mode, bytes } = event.data;
	const input = new Uint8Array(bytes);
	const lib = mode === 'whole' ? await instantiateLibheif(await compileLibheif()) : null;
	const decode = mode === 'tiled' ? await loadHeicDecoder() : null;
	const t0 = performance.now();
	const out = lib ? await withDecodedHeic(lib, input, encode) : await decode!(input, encode);
	self.postMessage({ ms: performance.now() - t0, bytes: out.bytes.length });
});
