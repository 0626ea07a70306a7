import type { Page } from '@playwright/test';
import { test, expect, type OpenDevice } from './support/fixtures';
import { createPrivateRoom, expectPeer, selfName } from './support/room-steps';

// Issue 12, finding 10. Tor Browser, Firefox with `media.peerconnection.enabled` off and some
// in-app browsers have no WebRTC at all; a broken one throws when a connection is made. Either
// way both screens must say so, instead of one waiting forever on "connecting" and the other
// blaming the network.

/** The page's browser has no WebRTC: every constructor simple-peer looks for is gone. */
async function withoutWebRtc(page: Page): Promise<void> {
	await page.addInitScript(() => {
		for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'mozRTCPeerConnection']) {
			Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
		}
	});
}

/** WebRTC is there, but making a connection throws (a policy, a broken build). */
async function withBrokenWebRtc(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const Broken = function () {
			throw new DOMException('RTCPeerConnection is disabled', 'NotSupportedError');
		} as unknown as typeof RTCPeerConnection;
		Object.defineProperty(window, 'RTCPeerConnection', { value: Broken, configurable: true, writable: true });
	});
}

/** Alice makes a room; Bob, whose WebRTC `breakWebRtc` took away, opens its link. */
async function roomWithBob(openDevice: OpenDevice, breakWebRtc: (page: Page) => Promise<void>) {
	const alice = await openDevice();
	const bob = await openDevice();
	await breakWebRtc(bob.page);
	await bob.page.goto(await createPrivateRoom(alice.page));
	return { alice, bob };
}

const THEIR_BROWSER = /is using a browser that can't connect device to device/;
const THIS_BROWSER = /This browser can't connect device to device/;

test('a browser without WebRTC says so before anything, and the other device is told why', async ({
	openDevice
}) => {
	const { alice, bob } = await roomWithBob(openDevice, withoutWebRtc);

	await expect(bob.page.getByRole('alert').filter({ hasText: THIS_BROWSER })).toBeVisible();
	await expect(bob.page.getByRole('alert')).toContainText('Firefox, Chrome, Edge or Safari');
	// Alice sees Bob failed, for the true reason, not "this network may block" after 15 s.
	const peer = alice.page.getByTestId('peer');
	await expect(peer).toHaveAttribute('data-peer-state', 'failed');
	await expect(alice.page.getByRole('alert').filter({ hasText: THEIR_BROWSER })).toBeVisible();
	await expect(alice.page.getByRole('alert').filter({ hasText: /network/ })).toHaveCount(0);
	expect(bob.consoleErrors.filter((e) => /Uncaught|Error/.test(e))).toEqual([]);
});

test('a connection that throws as it is made fails its peer with an alert, on both sides', async ({
	openDevice
}) => {
	const { alice, bob } = await roomWithBob(openDevice, withBrokenWebRtc);
	const aliceName = await selfName(alice.page);

	await expectPeer(bob.page, aliceName, 'failed');
	await expect(bob.page.getByRole('alert').filter({ hasText: THIS_BROWSER })).toBeVisible();
	await expect(alice.page.getByTestId('peer')).toHaveAttribute('data-peer-state', 'failed');
	await expect(alice.page.getByRole('alert').filter({ hasText: THEIR_BROWSER })).toBeVisible();
	expect(bob.consoleErrors.filter((e) => /Uncaught/.test(e))).toEqual([]);
});
