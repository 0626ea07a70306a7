import type { HeicDecodeRequest } from './heic-decode.worker';

declare global {
	interface Window {
		/** Decodes and encodes the chosen HEIC in a fresh worker, `mode`'s way; the time in ms. */
		heicDecode: (mode: HeicDecodeRequest['mode']) => Promise<number>;
	}
}

window.heicDecode = async (mode) => {
	const file = (document.getElementById('file') as HTMLInputElement).files![0]!;
	const bytes = await file.arrayBuffer();
	const worker = new Worker(new URL('./heic-decode.worker.ts', import.meta.url), { type: 'module' });
	try {
		return await new Promise<number>((resolve, reject) => {
			worker.addEventListener('message', (e: MessageEvent<{ ms: number }>) => resolve(e.data.ms));
			worker.addEventListener('error', () => reject(new Error('the HEIC decode worker failed')));
			worker.postMessage({ mode, bytes } satisfies HeicDecodeRequest, [bytes]);
		});
	} finally {
		worker.terminate();
	}
};
