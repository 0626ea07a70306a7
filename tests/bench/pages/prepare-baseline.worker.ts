/** The bench's photo worker: the baseline preparation, or the app's pipeline for comparison. */
import { preparePhotoBytes } from '../../../src/lib/image/photo-pipeline';
import type { BaselineReply, BaselineRequest } from './prepare-baseline-messages';

/** The least a preparation can do: one decode straight to the target size, one draw, one encode. */
async function baseline({ file, width, height, quality }: BaselineRequest): Promise<ArrayBuffer> {
	const bitmap = await createImageBitmap(file, {
		resizeWidth: width,
		resizeHeight: height,
		resizeQuality: 'high',
		imageOrientation: 'from-image'
	});
	const canvas = new OffscreenCanvas(width, height);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('no 2d context');
	ctx.drawImage(bitmap, 0, 0);
	bitmap.close();
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
	return blob.arrayBuffer();
}

async function prepare(request: BaselineRequest): Promise<ArrayBuffer> {
	if (request.kind === 'baseline') return baseline(request);
	const encoder = request.kind === 'pipeline-library' ? 'library' : 'single-pass';
	const settings = { maxEdge: request.maxEdge, quality: request.quality };
	const made = await preparePhotoBytes(request.file, settings, () => undefined, encoder);
	return made.bytes.buffer;
}

self.addEventListener('message', (event: MessageEvent<BaselineRequest>) => {
	prepare(event.data).then(
		(bytes) => self.postMessage({ ok: true, bytes } satisfies BaselineReply, { transfer: [bytes] }),
		(e: unknown) => self.postMessage({ ok: false, message: String(e) } satisfies BaselineReply)
	);
});
