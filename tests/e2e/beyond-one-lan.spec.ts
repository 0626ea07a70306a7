import { startCoturn, startRedis } from '../../signaling/test-support';
import { test, expect, startTestServer } from './support/fixtures';
import { forceRelayOnly } from './support/relay-only';
import {
	createPrivateRoom,
	expectPeer,
	fixture,
	inDrops,
	outDrops,
	selfName,
	sendPhoto,
	viewOnce
} from './support/room-steps';

const TURN_SECRET = 'e2e-static-auth-secret';

test('through a coturn relay only: the devices connect, say "relayed", and a drop arrives', async ({
	openDevice
}) => {
	const coturn = await startCoturn({ secret: TURN_SECRET, realm: 'vanishdrop.test' });
	const running = await startTestServer({
		turn: { urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], secret: TURN_SECRET, ttlSeconds: 600 }
	});
	try {
		const options = { context: { baseURL: running.server.url } };
		const alice = await openDevice(options);
		const bob = await openDevice(options);
		// Neither may use a direct path: only the relay's addresses.
		await forceRelayOnly(alice.page.context());
		await forceRelayOnly(bob.page.context());
		const link = await createPrivateRoom(alice.page);
		await bob.page.goto(link);
		const aliceName = await selfName(alice.page);
		const bobName = await selfName(bob.page);
		await expectPeer(alice.page, bobName);
		await expectPeer(bob.page, aliceName);
		for (const d of [alice, bob]) {
			await expect(d.page.getByTestId('peer')).toHaveAttribute('data-peer-route', 'relayed');
			await expect(d.page.getByTestId('peer-route')).toContainText('relay server');
		}

		await sendPhoto(alice.page, fixture('DSCN0010.jpg'));
		await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
			'data-status',
			'delivered'
		);
		await viewOnce(bob.page);
		// coturn relayed it: it accepted the credentials our server minted for these browsers.
		expect(coturn.output()).toMatch(/ALLOCATE processed, success/);
		expect(coturn.output()).not.toContain(TURN_SECRET);
	} finally {
		await running.close();
		await coturn.stop();
	}
});

test('two signaling processes sharing Redis: devices on either one meet, drop photos, and see who left', async ({
	openDevice
}) => {
	const redis = await startRedis();
	const one = await startTestServer({ redis: { url: redis.url } });
	const two = await startTestServer({ redis: { url: redis.url } });
	try {
		const alice = await openDevice({ context: { baseURL: one.server.url } });
		const bob = await openDevice({ context: { baseURL: two.server.url } });
		const link = new URL(await createPrivateRoom(alice.page));
		// The same invitation, opened through the other process.
		await bob.page.goto(`${two.server.url}${link.pathname}${link.hash}`);
		const aliceName = await selfName(alice.page);
		const bobName = await selfName(bob.page);
		await expectPeer(alice.page, bobName);
		await expectPeer(bob.page, aliceName);

		await sendPhoto(bob.page, fixture('Canon_40D.jpg'));
		await expect(inDrops(alice.page).first()).toHaveAttribute('data-state', 'sealed');
		await viewOnce(alice.page);

		await bob.page.close();
		await expect(alice.page.getByTestId('peer')).toHaveCount(0);
	} finally {
		await one.close();
		await two.close();
		await redis.stop();
	}
});
