import type { Page } from '@playwright/test';
import { test, expect, type Device, type OpenDevice } from './support/fixtures';
import { startMitmRelay, type MitmMode } from './support/mitm-relay';
import { createPublicRoom, expectPeer, selfName } from './support/room-steps';

// In a public room the server knows the signal key, so it can sit in the middle for real: each
// device's DTLS connection ends at Mallory's browser, with her own certificate on each side.

/** Alice makes a public room and Bob types its code, both through `baseURL`; returns their names. */
async function publicRoomThrough(alice: Device, bob: Device): Promise<[string, string]> {
	const code = await createPublicRoom(alice.page);
	await bob.page.goto('/');
	await bob.page.getByTestId('public-code').fill(code);
	await bob.page.getByTestId('join-public').click();
	return [await selfName(alice.page), await selfName(bob.page)];
}

type MitmRelay = Awaited<ReturnType<typeof startMitmRelay>>;

/**
 * Mallory's browser sits between the server and two new devices, in `mode`; Alice and Bob meet in
 * a public room through it, and each sees the other in `state`. `run` gets them and their names;
 * the relay closes after it.
 */
async function throughMallory(
	openDevice: OpenDevice,
	server: { port: number },
	[mode, state]: [MitmMode, 'ready' | 'failed'],
	run: (room: {
		alice: Device;
		bob: Device;
		aliceName: string;
		bobName: string;
		relay: MitmRelay;
	}) => Promise<void>
): Promise<void> {
	const mallory = await openDevice({ tap: false });
	const relay = await startMitmRelay(server, mallory.page, mode);
	try {
		const alice = await openDevice({ context: { baseURL: relay.url } });
		const bob = await openDevice({ context: { baseURL: relay.url } });
		const [aliceName, bobName] = await publicRoomThrough(alice, bob);
		await expectPeer(alice.page, bobName, state);
		await expectPeer(bob.page, aliceName, state);
		await run({ alice, bob, aliceName, bobName, relay });
	} finally {
		await relay.close();
	}
}

const codeOn = (page: Page) => page.getByTestId('safety-code').textContent();

test('a server in the middle that relays the safety exchange is caught on both sides', async ({
	openDevice,
	server
}) => {
	await throughMallory(openDevice, server, ['relay', 'failed'], async ({ alice, bob, relay }) => {
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
	});
});

test('a server in the middle that answers each safety exchange itself leaves two different codes', async ({
	openDevice,
	server
}) => {
	await throughMallory(openDevice, server, ['answer', 'ready'], async ({ alice, bob, relay }) => {
		const [onAlice, onBob] = [await codeOn(alice.page), await codeOn(bob.page)];
		expect(onAlice).toMatch(/^\d{3} \d{3}$/);
		expect(onBob).toMatch(/^\d{3} \d{3}$/);
		// Mallory completed both exchanges, as the device each side expected...
		const { codes } = await relay.relayStats();
		expect([codes.answerer, codes.offerer].sort()).toEqual([onAlice, onBob].sort());
		// ...and could not make the two screens agree: the people comparing them see her.
		expect(onAlice).not.toBe(onBob);
	});
});
