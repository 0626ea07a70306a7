import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { createPrivateRoom, expectPeer, selfName } from './support/room-steps';
import { openSecondNetwork } from './support/second-network';

async function states(page: Page): Promise<string> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-testid="peer"]')]
			.map((el) => `${el.dataset.peerState}${el.dataset.peerReconnecting ? '/r' : ''}`)
			.join(',')
	);
}

test('explore: a 5 s cut at rest', async ({ openDevice, server }) => {
	const net = await openSecondNetwork();
	try {
		const alice = await openDevice();
		const base = await net.reach(server.url);
		const bob = await openDevice({
			executablePath: net.chromium,
			args: [`--unsafely-treat-insecure-origin-as-secure=${base}`],
			context: { baseURL: base }
		});
		for (const [who, d] of [['alice', alice], ['bob', bob]] as const) {
			await d.page.exposeFunction('__ice', (s: string) => console.log(Date.now() - (globalThis as any).t0, who, s));
			await d.page.addInitScript(() => {
				const P = RTCPeerConnection;
				(window as any).RTCPeerConnection = function (this: unknown, ...a: any[]) {
					const pc = new P(...a);
					pc.addEventListener('iceconnectionstatechange', () => (window as any).__ice('ice ' + pc.iceConnectionState));
					pc.addEventListener('connectionstatechange', () => (window as any).__ice('conn ' + pc.connectionState));
					return pc;
				} as any;
				(window as any).RTCPeerConnection.prototype = P.prototype;
			});
		}
		(globalThis as any).t0 = Date.now();
		const link = new URL(await createPrivateRoom(alice.page));
		await bob.page.goto(`${base}${link.pathname}${link.hash}`);
		const bobName = await selfName(bob.page);
		await expectPeer(alice.page, bobName);
		await expectPeer(bob.page, await selfName(alice.page));
		const t0 = Date.now(); (globalThis as any).t0 = t0;
		await net.cut();
		let restored = false;
		for (let i = 0; i < Number(process.env.POLLS ?? 40); i++) {
			const t = Date.now() - t0;
			if (!restored && t > Number(process.env.CUT_MS ?? 5000)) {
				await net.restore();
				restored = true;
				console.log('restored at', t);
			}
			console.log(t, 'alice', await states(alice.page), 'bob', await states(bob.page));
			await new Promise((r) => setTimeout(r, 500));
		}
	} finally {
		await net.close();
	}
});
