import type { BrowserContext, Page } from '@playwright/test';

declare global {
	interface Window {
		__tap: {
			binary: ArrayBuffer[];
			/** Every text (control) message, as it came. */
			text: string[];
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
		window.__tap = {
			binary: [],
			text: [],
			chunks: 0,
			holdAfter: null,
			mute: false,
			opened: 0,
			channels: []
		};
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
				} else if (typeof data === 'string') {
					// A stalled network holds everything behind the held chunks: the channel is ordered.
					const tap = window.__tap;
					if (tap.holdAfter !== null && tap.chunks > tap.holdAfter) return;
					tap.text.push(data);
				}
				listener.call(this, e);
			};
			return add.call(this, type, wrapped, options);
		} as typeof RTCDataChannel.prototype.addEventListener;
	});
}

/** Every frame and control message this page received, as Node buffers and strings. */
export async function tapped(page: Page): Promise<{ frames: Buffer[]; text: string[] }> {
	const { frames, text } = await page.evaluate(() => {
		const toBase64 = (buf: ArrayBuffer) => {
			let out = '';
			const bytes = new Uint8Array(buf);
			for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
			return btoa(out);
		};
		return { frames: window.__tap.binary.map(toBase64), text: window.__tap.text };
	});
	return { frames: frames.map((b64) => Buffer.from(b64, 'base64')), text };
}

/** The bytes of every drop this page received, by stream, without the chunk headers. */
export async function receivedDropBytes(page: Page): Promise<Buffer[]> {
	const { frames } = await tapped(page);
	const byStream = new Map<number, Buffer[]>();
	for (const frame of frames) {
		const stream = frame.readUInt32BE(0);
		byStream.set(stream, [...(byStream.get(stream) ?? []), frame.subarray(4)]);
	}
	return [...byStream.values()].map((parts) => Buffer.concat(parts));
}
