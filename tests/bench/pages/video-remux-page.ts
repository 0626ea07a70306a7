import { prepareVideo } from '../../../src/lib/video/prepare-video';

declare global {
	interface Window {
		/** Times one read of the chosen file, and one remux of it, in ms. */
		videoBench: () => Promise<{ readMs: number; remuxMs: number; outBytes: number }>;
	}
}

window.videoBench = async () => {
	const file = (document.getElementById('file') as HTMLInputElement).files![0]!;
	const t0 = performance.now();
	const bytes = new Uint8Array(await file.arrayBuffer());
	const readMs = performance.now() - t0;
	bytes.fill(0);
	const t1 = performance.now();
	const out = await prepareVideo(file);
	const remuxMs = performance.now() - t1;
	return { readMs, remuxMs, outBytes: out.bytes.length };
};
