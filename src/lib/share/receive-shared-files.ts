/**
 * The page's side of a share: asks the service worker, on a MessageChannel of its own, for the
 * files held under the token in its URL. They come back as `File`s in this page's memory.
 */
import { isShareToken, parseShareAnswer } from './share-messages';

export async function receiveSharedFiles(
	container: ServiceWorkerContainer,
	token: string,
	timeoutMs = 10_000
): Promise<File[]> {
	if (!isShareToken(token)) return [];
	const registration = await container.ready;
	const worker = container.controller ?? registration.active;
	if (!worker) return [];
	const channel = new MessageChannel();
	try {
		return await new Promise<File[]>((resolve) => {
			const timer = setTimeout(() => resolve([]), timeoutMs);
			channel.port1.onmessage = (e: MessageEvent<unknown>) => {
				clearTimeout(timer);
				const answer = parseShareAnswer(e.data);
				resolve(answer?.type === 'shared-files' ? answer.files : []);
			};
			worker.postMessage({ type: 'take-share', token }, [channel.port2]);
		});
	} finally {
		channel.port1.close();
	}
}
