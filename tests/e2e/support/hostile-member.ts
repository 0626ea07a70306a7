import type { Page } from '@playwright/test';
import { expectPeer, selfName, type RoomDevice } from './room-steps';

// A member of the room (it has the link) that writes on its real data channels what the test
// says. The page's CSP forbids eval: what is sent is built here, and the page only sends it.

/** One message on a data channel: a text, a chunk of `bytes` zero bytes on `stream`, or raw bytes. */
export type Frame = string | { stream: number; bytes: number } | { raw: number[] };

/** A photo's drop header as the app words it, with `fields` (id, stream, size and any others). */
export function dropHeader({
	id,
	stream,
	size,
	...others
}: { id: string; stream: number; size: number } & Record<string, unknown>): string {
	return JSON.stringify({
		t: 'drop',
		id,
		stream,
		kind: 'photo',
		mime: 'image/jpeg',
		size,
		cipher: 'xchacha20poly1305',
		...others,
		width: 10,
		height: 10,
		options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600000, caption: '' }
	});
}

/** `page` opens the room's link; resolves once it and `victim` see each other ready. Returns its name. */
export async function joinAsMember(page: Page, link: string, victim: RoomDevice): Promise<string> {
	await page.goto(link);
	const name = await selfName(page);
	await expectPeer(victim.page, name);
	await expectPeer(page, victim.name);
	return name;
}

/** Sends `frames`, in order, on each of the page's open data channels, or on the first one only. */
export async function sendFrames(page: Page, frames: Frame[], on: 'all' | 'first' = 'all'): Promise<void> {
	await page.evaluate(
		({ frames, on }) => {
			const open = window.__tap.channels.filter((c) => c.readyState === 'open');
			for (const ch of on === 'all' ? open : open.slice(0, 1)) {
				for (const frame of frames) {
					if (typeof frame === 'string') ch.send(frame);
					else if ('raw' in frame) ch.send(new Uint8Array(frame.raw));
					else {
						const chunk = new Uint8Array(4 + frame.bytes);
						new DataView(chunk.buffer).setUint32(0, frame.stream);
						ch.send(chunk);
					}
				}
			}
		},
		{ frames, on }
	);
}
