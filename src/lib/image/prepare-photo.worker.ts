/** The photo worker: one `prepare` request in, progress and one result or error out. */
import { preparePhotoBytes } from './photo-pipeline';
import { PrepareError, PREPARE_ERROR_MESSAGES } from './prepare-error';
import { parsePrepareRequest, type PrepareReply } from './prepare-messages';

function reply(message: PrepareReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

async function handle(raw: unknown): Promise<void> {
	const request = parsePrepareRequest(raw);
	if (request === null) {
		reply({ type: 'error', code: 'failed', message: PREPARE_ERROR_MESSAGES.failed });
		return;
	}
	try {
		const prepared = await preparePhotoBytes(request.file, request, (pct) =>
			reply({ type: 'progress', pct })
		);
		const { bytes } = prepared;
		// Transfer a buffer holding exactly the JPEG, nothing around it.
		const buffer =
			bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
				? bytes.buffer
				: bytes.slice().buffer;
		reply({ type: 'done', bytes: buffer, width: prepared.width, height: prepared.height }, [buffer]);
	} catch (e) {
		const error = e instanceof PrepareError ? e : new PrepareError('failed');
		reply({ type: 'error', code: error.code, message: error.message });
	}
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
	void handle(event.data);
});
