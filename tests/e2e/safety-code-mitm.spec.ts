import type { Page } from '@playwright/test';
import { test, expect, type Device } from './support/fixtures';
import { startMitmRelay } from './support/mitm-relay';
import { expectPeer, selfName } from './support/room-steps';

// In a public room the server knows the signal key, so it can sit in the middle for real: each
// device's DTLS connection ends at Mallory's browser, with her own certificate on each side.

/** Alice makes a public room and Bob types its code, both through `baseURL`; returns their names. */
async function publicRoomThrough(alice: Device, bob: Device): Promise<[string, string]> {
	await alice.page.goto('/');
	await alice.page.getByTestId('create-public').click();
	await expect(alice.page).toHaveURL(/\/p\/[2-9A-HJKMNP-Z]{6}$/);
	const code = new URL(alice.page.url()).pathname.split('/')[2]!;
	await bob.page.goto('/');
	await bob.page.getByTestId('public-code').fill(code);
	await bob.page.getByTestId('join-public').click();
	return [await selfName(alice.page), await selfName(bob.page)];
}

const codeOn = (page: Page) => page.getByTestId('safety-code').textContent();

test('a server in the middle that relays the safety exchange is caught on both sides', async ({
	openDevice,
	server
}) => {
	const mallory = await openDevice({ tap: false });
	const relay = await startMitmRelay(server, mallory.page, 'relay');
	try {
		const alice = await openDevice({ context: { baseURL: relay.url } });
		const bob = await openDevice({ context: { baseURL: relay.url } });
		const [aliceName, bobName] = await publicRoomThrough(alice, bob);
		await expectPeer(alice.page, bobName, 'failed');
		await expectPeer(bob.page, aliceName, 'failed');
		for (const d of [alice, bob]) {
			await expect(
				d.page.getByRole('alert').filter({ hasText: 'Could not verify this device' })
			).toBeVisible();
			await expect(d.page.getByTestId('safety-code')).toHaveCount(0);
		}
		// Both connections were up: each commitment was made for a certificate its reader never saw.
		const stats = await relay.relayStats();
		expect(stats.opened).toBe(2);
		expect(stats.relayed).toBeGreaterThanOrEqual(2);
	} finally {
		await relay.close();
	}
});

test('a server in the middle that answers each safety exchange itself leaves two different codes', async ({
	openDevice,
	server
}) => {
	const mallory = await openDevice({ tap: false });
	const relay = await startMitmRelay(server, mallory.page, 'answer');
	try {
		const alice = await openDevice({ context: { baseURL: relay.url } });
		const bob = await openDevice({ context: { baseURL: relay.url } });
		const [aliceName, bobName] = await publicRoomThrough(alice, bob);
		await expectPeer(alice.page, bobName, 'ready');
		await expectPeer(bob.page, aliceName, 'ready');
		const [onAlice, onBob] = [await codeOn(alice.page), await codeOn(bob.page)];
		expect(onAlice).toMatch(/^\d{3} \d{3}$/);
		expect(onBob).toMatch(/^\d{3} \d{3}$/);
		// Mallory completed both exchanges, as the device each side expected...
		const { codes } = await relay.relayStats();
		expect([codes.answerer, codes.offerer].sort()).toEqual([onAlice, onBob].sort());
		// ...and could not make the two screens agree: the people comparing them see her.
		expect(onAlice).not.toBe(onBob);
	} finally {
		await relay.close();
	}
});
