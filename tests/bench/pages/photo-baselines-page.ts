/**
 * The least the app's photo steps could cost, in the same browsers: preparing (in a worker
 * started ahead, as the app does) and showing a prepared JPEG (decode, draw, next frame). For
 * comparison, the app's own preparation: its module (`preparePhoto`, with the app's worker) and
 * its worker-side pipeline with each encoder.
 */
import { preparePhoto } from '../../../src/lib/image/prepare-photo';
import type { PhotoBaselinesApi } from './bench-api';
import type { BaselineReply, BaselineRequest } from './prepare-baseline-messages';

const spawn = () => new Worker(new URL('./prepare-baseline.worker.ts', import.meta.url), { type: 'module' });
let spare = spawn();
let lastPrepared: Uint8Array<ArrayBuffer> | null = null;

function runWorker(worker: Worker, request: BaselineRequest): Promise<BaselineReply> {
	return new Promise((resolve, reject) => {
		worker.addEventListener('message', (e: MessageEvent<BaselineReply>) => resolve(e.data));
		worker.addEventListener('error', () => reject(new Error('worker failed')));
		worker.postMessage(request);
	});
}

const afterNextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r)));

const api: PhotoBaselinesApi = {
	async prepare(kind, { width, height, maxEdge, quality }) {
		const file = document.querySelector<HTMLInputElement>('#file')?.files?.[0];
		if (!file) throw new Error('no file chosen');
		if (kind === 'module') {
			const t0 = performance.now();
			const made = await preparePhoto(file, { maxEdge, quality });
			return { ms: performance.now() - t0, bytes: made.bytes.length };
		}
		const worker = spare;
		spare = spawn();
		const t0 = performance.now();
		try {
			const reply = await runWorker(worker, { kind, file, width, height, maxEdge, quality });
			if (!reply.ok) throw new Error(reply.message);
			const ms = performance.now() - t0;
			if (kind === 'baseline') lastPrepared = new Uint8Array(reply.bytes);
			return { ms, bytes: reply.bytes.byteLength };
		} finally {
			worker.terminate();
		}
	},

	lastPrepared() {
		if (!lastPrepared) throw new Error('nothing prepared yet');
		let binary = '';
		for (let i = 0; i < lastPrepared.length; i += 0x8000) {
			binary += String.fromCharCode(...lastPrepared.subarray(i, i + 0x8000));
		}
		return btoa(binary);
	},

	async view(jpegBase64) {
		const bytes = Uint8Array.from(atob(jpegBase64), (c) => c.charCodeAt(0));
		const canvas = document.querySelector<HTMLCanvasElement>('#view');
		if (!canvas) throw new Error('no canvas');
		const t0 = performance.now();
		const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
		canvas.width = bitmap.width;
		canvas.height = bitmap.height;
		canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
		bitmap.close();
		await afterNextFrame();
		const ms = performance.now() - t0;
		canvas.width = 0;
		canvas.height = 0;
		return ms;
	}
};
window.photoBaselines = api;
