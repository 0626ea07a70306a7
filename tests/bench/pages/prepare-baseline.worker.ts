/**
 * The least a photo preparation can do: one decode straight to the target size, one draw, one
 * JPEG encode. What the app's preparation is measured against.
 */
import type { BaselineReply, BaselineRequest } from './prepare-baseline-messages';

async function prepare({ file, width, height, quality }: BaselineRequest): Promise<ArrayBuffer> {
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

self.addEventListener('message', (event: MessageEvent<BaselineRequest>) => {
	prepare(event.data).then(
		(bytes) => self.postMessage({ ok: true, bytes } satisfies BaselineReply, { transfer: [bytes] }),
		(e: unknown) => self.postMessage({ ok: false, message: String(e) } satisfies BaselineReply)
	);
});
