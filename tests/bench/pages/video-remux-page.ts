import { prepareVideo } from '../../../src/lib/video/prepare-video';
import { prepareVideoInWorker } from '../../../src/lib/video/prepare-video-in-worker';

declare global {
	interface Window {
		/**
		 * Times one read of the chosen file on the page, one in a worker started before (the file
		 * posted in, its bytes transferred out), its remux in the app's video worker (the first
		 * clip: a worker started for it), the remux again a second later (the next clip: the spare
		 * worker the first one left, loaded by then), and on the page itself, in ms.
		 */
		videoBench: () => Promise<{
			readMs: number;
			workerReadMs: number;
			firstMs: number;
			nextMs: number;
			pageMs: number;
			outBytes: number;
		}>;
	}
}

window.videoBench = async () => {
	const file = (document.getElementById('file') as HTMLInputElement).files![0]!;
	const t0 = performance.now();
	const bytes = new Uint8Array(await file.arrayBuffer());
	const readMs = performance.now() - t0;
	bytes.fill(0);
	// The baseline in the same kind of context as the remux (a worker started before it, the file
	// posted in, its bytes transferred out), while no other worker runs: before the first clip,
	// whose end starts the spare worker loading.
	const reader = new Worker(new URL('./read-file.worker.ts', import.meta.url), { type: 'module' });
	const readInWorker = () =>
		new Promise<ArrayBuffer>((resolve) => {
			reader.onmessage = (event: MessageEvent<ArrayBuffer>) => resolve(event.data);
			reader.postMessage(file);
		});
	new Uint8Array(await readInWorker()).fill(0);
	const tr = performance.now();
	const read = new Uint8Array(await readInWorker());
	const workerReadMs = performance.now() - tr;
	if (read.length !== file.size) throw new Error('the worker read another length');
	read.fill(0);
	reader.terminate();
	const t1 = performance.now();
	const inWorker = await prepareVideoInWorker(file);
	const firstMs = performance.now() - t1;
	// A user picks the next clip seconds later; the spare worker has loaded by then.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const t2 = performance.now();
	await prepareVideoInWorker(file);
	const nextMs = performance.now() - t2;
	const t3 = performance.now();
	const onPage = await prepareVideo(file);
	const pageMs = performance.now() - t3;
	if (onPage.bytes.length !== inWorker.bytes.length) throw new Error('the two remuxes differ');
	return { readMs, workerReadMs, firstMs, nextMs, pageMs, outBytes: inWorker.bytes.length };
};
