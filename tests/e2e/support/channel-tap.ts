import type { BrowserContext, Page } from '@playwright/test';

declare global {
	interface Window {
		__tap: {
			binary: ArrayBuffer[];
			chunks: number;
			holdAfter: number | null;
			/** Nothing that arrives reaches the app: a hostile page that only talks. */
			mute: boolean;
			/** Data channels the app reads that reached `open`. */
			opened: number;
			channels: RTCDataChannel[];
		};
	}
}

/**
 * Watches, from outside the app, what arrives on this page's data channels: it wraps message
 * listeners the app adds. It records binary frames so a test can inspect the exact bytes a
 * recipient holds, and can stop passing frames on, as a stalled network would.
 */
export async function installChannelTap(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		window.__tap = { binary: [], chunks: 0, holdAfter: null, mute: false, opened: 0, channels: [] };
		const add = RTCDataChannel.prototype.addEventListener;
		RTCDataChannel.prototype.addEventListener = function (
			this: RTCDataChannel,
			type: string,
			listener: EventListenerOrEventListenerObject | null,
			options?: boolean | AddEventListenerOptions
		) {
			if (type !== 'message' || typeof listener !== 'function')
				return add.call(this, type, listener as EventListenerOrEventListenerObject, options);
			window.__tap.channels.push(this);
			if (this.readyState === 'open') window.__tap.opened++;
			else add.call(this, 'open', () => window.__tap.opened++, { once: true });
			const wrapped = (e: Event) => {
				if (window.__tap.mute) return;
				const data = (e as MessageEvent).data;
				if (data instanceof ArrayBuffer) {
					const tap = window.__tap;
					tap.chunks++;
					if (tap.holdAfter !== null && tap.chunks > tap.holdAfter) return;
					tap.binary.push(data.slice(0));
				}
				listener.call(this, e);
			};
			return add.call(this, type, wrapped, options);
		} as typeof RTCDataChannel.prototype.addEventListener;
	});
}

/** The bytes of every drop this page received, by stream, without the chunk headers. */
export async function receivedDropBytes(page: Page): Promise<Buffer[]> {
	const streams: string[] = await page.evaluate(() => {
		const byStream = new Map<number, string>();
		for (const buf of window.__tap.binary) {
			const stream = new DataView(buf).getUint32(0);
			let text = '';
			const bytes = new Uint8Array(buf, 4);
			for (let i = 0; i < bytes.length; i += 8192) {
				text += String.fromCharCode(...bytes.subarray(i, i + 8192));
			}
			byStream.set(stream, (byStream.get(stream) ?? '') + text);
		}
		return [...byStream.values()].map((t) => btoa(t));
	});
	return streams.map((b64) => Buffer.from(b64, 'base64'));
}
