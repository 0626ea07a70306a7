import { startCoturn } from '../support/daemons';
import { withTwoAppProcesses } from './support/app-processes';
import { fixturePath } from '../support/fixtures';
import { APP_BUILD_DIR, startTestServer } from '../support/test-server';
import { test, expect, type DeviceOptions } from './support/fixtures';
import {
	createPrivateRoom,
	expectPeer,
	joinNewRoom,
	outDrops,
	selfName,
	sendPhoto,
	viewOnce
} from './support/room-steps';

const TURN_SECRET = 'e2e-static-auth-secret';

/** A real coturn sharing `TURN_SECRET`, and an app server minting credentials with `serverSecret`. */
async function startRelay(serverSecret: string) {
	const coturn = await startCoturn({ secret: TURN_SECRET, realm: 'vanishdrop.test' });
	const running = await startTestServer({
		staticDir: APP_BUILD_DIR,
		turn: { urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], secret: serverSecret, ttlSeconds: 600 }
	});
	const stop = async () => {
		await running.close();
		await coturn.stop();
	};
	return { coturn, url: running.url, stop };
}

/** A device on `baseURL` that may use the relay's addresses only: no direct path. */
function relayOnlyAt(baseURL: string, options: DeviceOptions = {}): DeviceOptions {
	return { ...options, context: { baseURL }, relayOnly: true };
}

test('through a coturn relay only: the devices connect, say "relayed", and a drop arrives', async ({
	openDevice
}) => {
	const relay = await startRelay(TURN_SECRET);
	const { coturn } = relay;
	try {
		const [alice, bob] = await joinNewRoom(openDevice, 2, relayOnlyAt(relay.url));
		await expectPeer(alice.page, bob.name);
		await expectPeer(bob.page, alice.name);
		for (const d of [alice, bob]) {
			await expect(d.page.getByTestId('peer')).toHaveAttribute('data-peer-route', 'relayed');
			await expect(d.page.getByTestId('peer-route')).toContainText('relay server');
		}
		await alice.page.screenshot({ path: 'test-results/screens/relayed-peer.png', fullPage: true });

		await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
		await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
			'data-status',
			'delivered'
		);
		await viewOnce(bob.page);
		// coturn relayed it: it accepted the credentials our server minted for these browsers.
		expect(coturn.output()).toMatch(/ALLOCATE processed, success/);
		expect(coturn.output()).not.toContain(TURN_SECRET);
	} finally {
		await relay.stop();
	}
});

test('with a secret the relay does not share, relay-only devices never connect and are told why', async ({
	openDevice
}) => {
	const relay = await startRelay('not-the-relay-secret');
	const { coturn } = relay;
	try {
		const [alice, bob] = await joinNewRoom(openDevice, 2, [
			relayOnlyAt(relay.url, { clock: true }),
			relayOnlyAt(relay.url)
		]);
		await expectPeer(alice.page, bob.name, 'connecting');
		await alice.page.clock.fastForward('00:16');
		// The relay was offered, and even that did not get through: the alert says so.
		await expect(alice.page.getByRole('alert')).toContainText("not even through this server's relay");
		for (let i = 0; i < 3; i++) await alice.page.clock.fastForward('00:16');
		await expectPeer(alice.page, bob.name, 'failed');
		// The browsers did ask the relay, with credentials our server minted, and coturn refused
		// every one of them.
		await expect
			.poll(() => coturn.output())
			.toMatch(/user <\d+:[\w.-]+>: incoming packet message processed, error 401/);
		expect(coturn.output()).not.toMatch(/ALLOCATE processed, success/);
	} finally {
		await relay.stop();
	}
});

test('two app processes sharing Redis: devices on either one meet and drop photos; a killed process’s device is seen to leave', async ({
	openDevice
}) => {
	const presenceTtlSeconds = 2;
	await withTwoAppProcesses({ presenceTtlSeconds }, async ({ two, urlOne, urlTwo }) => {
		const alice = await openDevice({ context: { baseURL: urlOne } });
		const bob = await openDevice({ context: { baseURL: urlTwo } });
		const link = new URL(await createPrivateRoom(alice.page));
		// The same invitation, opened through the other process.
		await bob.page.goto(`${urlTwo}${link.pathname}${link.hash}`);
		const aliceName = await selfName(alice.page);
		const bobName = await selfName(bob.page);
		await expectPeer(alice.page, bobName);
		await expectPeer(bob.page, aliceName);

		await sendPhoto(bob.page, fixturePath('Canon_40D.jpg'));
		await viewOnce(alice.page);

		// Process two dies without a word: within its presence TTL, Alice sees Bob as gone.
		const killedAt = Date.now();
		two.process.kill('SIGKILL');
		await expect(alice.page.getByTestId('peer')).toHaveCount(0, { timeout: (presenceTtlSeconds + 3) * 1000 });
		expect(Date.now() - killedAt).toBeLessThan((presenceTtlSeconds + 3) * 1000);
	});
});
