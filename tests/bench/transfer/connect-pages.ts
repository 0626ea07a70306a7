import type { Page } from '@playwright/test';
import { randomToken, toBase64Url } from '#crypto/base64url';
import { generateRoomSecret, privateRoomKeys } from '#crypto/room-keys';
import { signalSealKey } from '#crypto/signal-auth';
import type {} from '../pages/bench-api';

/** A plain RTCPeerConnection between the pages: whole SDP handed across by the Node side. */
export async function connectPlain(a: Page, b: Page): Promise<void> {
	const offer = await a.evaluate(() => window.bench.plainOffer());
	const answer = await b.evaluate((o) => window.bench.plainAnswer(o), offer);
	await a.evaluate((ans) => window.bench.plainAccept(ans), answer);
	await Promise.all([a.evaluate(() => window.bench.plainOpen()), b.evaluate(() => window.bench.plainOpen())]);
}

/**
 * The app's PeerLink between the pages, each signal sealed with a room key as in the app and
 * carried in order by the Node side in place of the signaling server.
 */
export async function connectAppLink(a: Page, b: Page): Promise<void> {
	const keys = privateRoomKeys(generateRoomSecret());
	const ids = { a: randomToken(16), b: randomToken(16) };
	const forward = async (from: Page, to: Page) => {
		let chain = Promise.resolve();
		await from.exposeFunction('benchSignal', (envelope: unknown) => {
			chain = chain.then(() => to.evaluate((e) => window.bench.linkReceive(e), envelope));
			return chain;
		});
	};
	await forward(a, b);
	await forward(b, a);
	const setup = { roomId: keys.roomId, signalKey: toBase64Url(signalSealKey(keys)) };
	// The newcomer starts the connection, as in the app: the responder must be listening first.
	await b.evaluate((s) => window.bench.linkStart(s), {
		...setup,
		role: 'responder' as const,
		selfId: ids.b,
		peerId: ids.a
	});
	await a.evaluate((s) => window.bench.linkStart(s), {
		...setup,
		role: 'initiator' as const,
		selfId: ids.a,
		peerId: ids.b
	});
	await Promise.all([a.evaluate(() => window.bench.linkReady()), b.evaluate(() => window.bench.linkReady())]);
}
