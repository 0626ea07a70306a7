/** Resolves when the channel's buffer falls to its low threshold; rejects if it closes first. */
export function whenDrained(ch: RTCDataChannel): Promise<void> {
	return new Promise((resolve, reject) => {
		const done = () => {
			ch.removeEventListener('bufferedamountlow', onLow);
			ch.removeEventListener('close', onClose);
		};
		const onLow = () => {
			done();
			resolve();
		};
		const onClose = () => {
			done();
			reject(new Error('channel closed'));
		};
		ch.addEventListener('bufferedamountlow', onLow);
		ch.addEventListener('close', onClose);
	});
}

/** Resolves with the next text message that `accept` takes. */
export function nextText(ch: RTCDataChannel, accept: (text: string) => boolean): Promise<void> {
	return new Promise((resolve) => {
		ch.onmessage = (e: MessageEvent<unknown>) => {
			if (typeof e.data === 'string' && accept(e.data)) resolve();
		};
	});
}
