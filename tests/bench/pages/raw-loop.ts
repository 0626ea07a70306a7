import { whenDrained } from '../../../src/lib/drops/channel-writer';

/** The ceiling: 64 KiB messages kept below an 8 MiB high-water mark, and nothing else. */
const MESSAGE_BYTES = 64 * 1024;
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
export const RAW_DONE = 'raw-done';

/** Resolves with the next text message that `accept` takes. */
function nextText(ch: RTCDataChannel, accept: (text: string) => boolean): Promise<void> {
	return new Promise((resolve) => {
		ch.onmessage = (e: MessageEvent<unknown>) => {
			if (typeof e.data === 'string' && accept(e.data)) resolve();
		};
	});
}

export async function sendRaw(
	ch: RTCDataChannel,
	data: Uint8Array<ArrayBuffer>,
	size: number
): Promise<number> {
	const done = nextText(ch, (t) => t === RAW_DONE);
	ch.bufferedAmountLowThreshold = LOW_WATER;
	const t0 = performance.now();
	let offset = 0;
	while (offset < size) {
		if (ch.bufferedAmount > HIGH_WATER) {
			await whenDrained(ch);
			continue;
		}
		const end = Math.min(offset + MESSAGE_BYTES, size);
		ch.send(data.subarray(offset, end));
		offset = end;
	}
	await done;
	return performance.now() - t0;
}

export function receiveRaw(ch: RTCDataChannel, size: number): void {
	let received = 0;
	ch.onmessage = (e: MessageEvent<ArrayBuffer>) => {
		received += e.data.byteLength;
		if (received === size) ch.send(RAW_DONE);
	};
}
