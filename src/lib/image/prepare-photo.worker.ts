/**
 * The photo worker: a request in (prepare, prepare-original, watermark), progress and one result
 * or error out. The page sends the next request only once a job is over, and only to a worker
 * that said it was `reusable`.
 */
import { heicDecoderLoaded } from './decode-and-encode';
import { prepareOriginalBytes } from './original-pipeline';
import { preparePhotoBytes } from './photo-pipeline';
import { watermarkPhotoBytes } from './photo-watermark';
import { PrepareError } from './prepare-error';
import {
	parsePrepareRequest,
	type PrepareReply,
	type PrepareRequest,
	type PreparedMime,
	REUSABLE_INPUT_BYTES
} from './prepare-messages';
import { viewToTransfer } from './view-to-transfer';

interface Made {
	bytes: Uint8Array<ArrayBuffer>;
	mime: PreparedMime;
	width: number;
	height: number;
	/** A check still running on the bytes (see `OriginalBytes.check`). */
	check?: Promise<void> | null;
}

function reply(message: PrepareReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

async function run(request: PrepareRequest, onProgress: (pct: number) => void): Promise<Made> {
	switch (request.type) {
		case 'prepare': {
			const prepared = await preparePhotoBytes(request.file, request, onProgress);
			return { ...prepared, mime: 'image/jpeg' };
		}
		case 'prepare-original':
			return prepareOriginalBytes(request.file, onProgress);
		case 'watermark': {
			const marked = await watermarkPhotoBytes(request.photo, request, request.text, onProgress);
			return { ...marked, mime: 'image/jpeg' };
		}
	}
}

async function handle(raw: unknown): Promise<void> {
	const request = parsePrepareRequest(raw);
	if (request === null) return replyError(null);
	try {
		const made = await run(request, (pct) => reply({ type: 'progress', pct }));
		const { mime, width, height, check } = made;
		// An original's strip is done in the file's own buffer: nothing but the image leaves it.
		const bytes = viewToTransfer(made.bytes);
		const input = request.type === 'watermark' ? request.photo : request.file;
		const reusable = input.size <= REUSABLE_INPUT_BYTES && !heicDecoderLoaded();
		reply({ type: 'done', bytes, mime, width, height, checking: !!check, reusable }, [bytes.buffer]);
		if (check) {
			await check;
			reply({ type: 'checked' });
		}
	} catch (e) {
		replyError(e);
	}
}

function replyError(e: unknown): void {
	const error = e instanceof PrepareError ? e : new PrepareError('failed');
	reply({ type: 'error', code: error.code, message: error.message });
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
