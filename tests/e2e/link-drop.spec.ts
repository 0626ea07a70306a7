import type { Page } from '@playwright/test';
import { fixturePath } from '../support/fixtures';
import { test, expect, type OpenDevice } from './support/fixtures';
import {
	createPrivateRoom,
	expectPeer,
	inDrops,
	outDrops,
	selfName,
	sendPhoto,
	viewOnce
} from './support/room-steps';
import { openSecondNetwork, type SecondNetwork } from './support/second-network';
import { watchPeerStates } from './support/peer-state-watch';

const BIG = fixturePath('HMD_Nokia_8.3_5G.jpg');

/**
 * Alice on the test's network, Bob in a second namespace whose path can be cut; both ready.
 * Returns the devices and the safety code Alice shows for Bob.
 */
async function pairAcrossNetworks(openDevice: OpenDevice, serverUrl: string, net: SecondNetwork) {
	const alice = await openDevice();
	const base = await net.reach(serverUrl);
	const bob = await openDevice({
		executablePath: net.chromium,
		// Bob reaches the server on the pair's address, not loopback: treated as secure there too.
		args: [`--unsafely-treat-insecure-origin-as-secure=${base}`],
		context: { baseURL: base }
	});
	const link = new URL(await createPrivateRoom(alice.page));
	await bob.page.goto(`${base}${link.pathname}${link.hash}`);
	const bobName = await selfName(bob.page);
	const aliceName = await selfName(alice.page);
	await expectPeer(alice.page, bobName);
	await expectPeer(bob.page, aliceName);
	const code = await alice.page.getByTestId('safety-code').textContent();
	return { alice, bob, bobName, aliceName, code };
}

/** Bob's path is gone for `ms`, then back; resolves when it is back. */
async function cutFor(net: SecondNetwork, ms: number): Promise<void> {
	await net.cut();
	try {
		await new Promise((r) => setTimeout(r, ms));
	} finally {
		await net.restore();
	}
}

/** The pair is ready again within `ms` of the path coming back, on the same link: the same code. */
async function readyAgainWithin(page: Page, name: string, code: string | null, ms: number): Promise<number> {
	const back = Date.now();
	const peer = page.locator(`[data-testid="peer"][data-peer-name="${name}"]`);
	await expect(peer).toHaveAttribute('data-peer-state', 'ready', { timeout: ms });
	await expect(peer).not.toHaveAttribute('data-peer-reconnecting', 'true', { timeout: ms });
	const took = Date.now() - back;
	expect(took).toBeLessThan(ms);
	await expect(page.getByTestId('safety-code')).toHaveText(code ?? '');
	return took;
}

test('at rest: cut off for 5 s, the pair is ready again within 15 s without a reload, never failed', async ({
	openDevice,
	server
}) => {
	const net = await openSecondNetwork();
	try {
		const { alice, bob, bobName, aliceName, code } = await pairAcrossNetworks(openDevice, server.url, net);
		const seen = await Promise.all([watchPeerStates(alice.page), watchPeerStates(bob.page)]);
		await cutFor(net, 5_000);
		const took = await readyAgainWithin(alice.page, bobName, code, 15_000);
		await expectPeer(bob.page, aliceName);
		console.log(`link-drop: 5 s cut at rest, ready again ${took} ms after the path came back`);
		for (const states of seen) expect(await states()).not.toContain('failed');
		await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
		await viewOnce(bob.page);
	} finally {
		await net.close();
	}
});

test('at rest: cut off past the browser giving up on ICE, the peer shows reconnecting and comes back on the same link', async ({
	openDevice,
	server
}) => {
	const net = await openSecondNetwork();
	try {
		const { alice, bob, bobName, aliceName, code } = await pairAcrossNetworks(openDevice, server.url, net);
		const seen = await Promise.all([watchPeerStates(alice.page), watchPeerStates(bob.page)]);
		const cutAt = Date.now();
		const framesBefore = bob.wsFrames().length;
		await net.cut();
		try {
			const peer = alice.page.locator(`[data-testid="peer"][data-peer-name="${bobName}"]`);
			await expect(peer).toHaveAttribute('data-peer-reconnecting', 'true');
			await expect(peer).toHaveAttribute('data-peer-state', 'connecting');
			await expect(peer.getByTestId('peer-reconnecting')).toHaveText('reconnecting…');
			// Chromium calls ICE failed about 10 s after it went disconnected: be past that.
			await new Promise((r) => setTimeout(r, 12_000));
		} finally {
			await net.restore();
		}
		const cutMs = Date.now() - cutAt;
		// Bob offered this link: it restarted ICE, its new offer sealed like every signal.
		const restarts = bob
			.wsFrames()
			.slice(framesBefore)
			.filter((f) => f.includes('"type":"signal"'));
		expect(restarts.length).toBeGreaterThan(0);
		// Outside the random base64url of the box and nonce (which can spell "sdp" by chance: a CI
		// run failed on "…KsdpZ…"), no frame names SDP or a candidate.
		const sealedValue = /"(box|nonce)":"[A-Za-z0-9_-]*"/g;
		for (const frame of restarts) expect(frame.replace(sealedValue, '"$1":""')).not.toMatch(/sdp|candidate/i);
		const took = await readyAgainWithin(alice.page, bobName, code, 15_000);
		await expectPeer(bob.page, aliceName);
		console.log(`link-drop: ${cutMs} ms cut at rest, ready again ${took} ms after the path came back`);
		for (const states of seen) {
			const all = await states();
			expect(all).toContain('connecting/reconnecting');
			expect(all).not.toContain('failed');
		}
	} finally {
		await net.close();
	}
});

test('mid-transfer: cut off for 5 s, the photo still arrives whole, never shown in part', async ({
	openDevice,
	server
}) => {
	const net = await openSecondNetwork();
	try {
		const { alice, bob } = await pairAcrossNetworks(openDevice, server.url, net);
		// A slow path into Bob's network, so that the photo is still on its way when it is cut.
		await net.throttle('6mbit');
		await alice.page.getByText('More options').click();
		await alice.page.getByTestId('opt-quality').selectOption('original');
		await sendPhoto(alice.page, BIG);
		const card = inDrops(bob.page).first();
		await expect(card).toHaveAttribute('data-state', 'receiving');
		const receipt = outDrops(alice.page).first().getByTestId('receipt');
		await expect(receipt).toHaveAttribute('data-status', 'sending');
		const sentAt = Date.now();
		await cutFor(net, 5_000);
		// It was still on its way when the path went: the cut really fell mid-transfer.
		expect(await receipt.getAttribute('data-status')).toBe('sending');
		// Still on its way (resumed), or failed and sent again: nothing to reveal until it is whole.
		await expect(card.getByTestId('reveal')).toHaveCount(0);
		await expect(card.getByTestId('viewer')).toHaveCount(0);
		await expect(receipt).toHaveAttribute('data-status', 'delivered', { timeout: 45_000 });
		console.log(
			`link-drop: photo cut off for 5 s mid-transfer, delivered ${Date.now() - sentAt} ms after the cut`
		);
		await expect(inDrops(bob.page)).toHaveCount(1);
		await viewOnce(bob.page);
	} finally {
		await net.close();
	}
});

test('mid-transfer: a path gone so long the link is given up, the drop fails on both sides and is sent again', async ({
	openDevice,
	server
}) => {
	test.setTimeout(150_000);
	const net = await openSecondNetwork();
	try {
		const { alice, bob, bobName } = await pairAcrossNetworks(openDevice, server.url, net);
		await net.throttle('6mbit');
		await alice.page.getByText('More options').click();
		await alice.page.getByTestId('opt-quality').selectOption('original');
		const seen = await watchPeerStates(alice.page);
		await sendPhoto(alice.page, BIG);
		const first = inDrops(bob.page).first();
		await expect(first).toHaveAttribute('data-state', 'receiving');
		const dropId = await first.getAttribute('data-drop-id');
		const receipt = outDrops(alice.page).first().getByTestId('receipt');
		// Only the peer-to-peer path: the signaling carries the fresh link's offer.
		await net.cut({ keepSignaling: true });
		try {
			// Past KEEP_INTERRUPTED_LINK_MS the link is given up: the copy waits to be sent again.
			await expect(receipt).toHaveAttribute('data-status', 'queued', { timeout: 40_000 });
			await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'failed');
			await expect(inDrops(bob.page).first().getByTestId('reveal')).toHaveCount(0);
		} finally {
			await net.restore();
		}
		const back = Date.now();
		await expectPeer(alice.page, bobName);
		await expect(receipt).toHaveAttribute('data-status', 'delivered', { timeout: 45_000 });
		console.log(
			`link-drop: link given up mid-transfer; re-sent and delivered ${Date.now() - back} ms after the path came back`
		);
		// The copy sent again took the failed card's place: one card, whole, for the same drop.
		await expect(inDrops(bob.page)).toHaveCount(1);
		await expect(inDrops(bob.page).first()).toHaveAttribute('data-drop-id', dropId ?? '');
		expect(await seen()).not.toContain('failed');
		await viewOnce(bob.page);
	} finally {
		await net.close();
	}
});
