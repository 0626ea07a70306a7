import { fixturePath } from '../support/fixtures';
import { APP_BUILD_DIR, startTestServer } from '../support/test-server';
import { test, expect } from './support/fixtures';
import { expectPeer, inDrops, joinNewRoom, selfName, sendPhoto } from './support/room-steps';

test('open connections survive a server restart, and the room re-forms when it is back', async ({
	openDevice
}) => {
	let running = await startTestServer({ staticDir: APP_BUILD_DIR });
	const { port, url } = running;
	const joined = await joinNewRoom(openDevice, 2, { context: { baseURL: url } });
	const [alice, bob] = joined;
	await expectPeer(bob.page, alice.name);

	await sendPhoto(alice.page, fixturePath('Canon_40D.jpg'));
	await expect(inDrops(bob.page)).toHaveCount(1);

	// The server goes away: the peers keep their direct connection and can still drop photos.
	await running.close();
	await expect(alice.page.getByText('Reconnecting to the server')).toBeVisible();
	await expectPeer(alice.page, bob.name);
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page)).toHaveCount(2);
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');

	// Back on the same port: both rejoin with their ids, and a newcomer meets them both.
	running = await startTestServer({ staticDir: APP_BUILD_DIR, port });
	await expect(alice.page.getByText('Reconnecting to the server')).toHaveCount(0, { timeout: 20_000 });
	const carol = await openDevice({ context: { baseURL: url } });
	await carol.page.goto(joined.link);
	await expectPeer(carol.page, alice.name);
	await expectPeer(carol.page, bob.name);
	await expectPeer(alice.page, await selfName(carol.page));

	// A new name reaches the others through the server.
	await bob.page.getByRole('button', { name: 'Change your display name' }).click();
	await bob.page.getByLabel('Display name').fill('Bob the Builder');
	await bob.page.getByRole('button', { name: 'Save' }).click();
	await expect(bob.page.getByTestId('self-name')).toHaveText('Bob the Builder');
	await expectPeer(carol.page, 'Bob the Builder');
	await running.close();
});
