import { test, expect, startTestServer } from './support/fixtures';
import { createPrivateRoom, expectPeer, fixture, inDrops, selfName, sendPhoto } from './support/room-steps';

test('open connections survive a server restart, and the room re-forms when it is back', async ({
	openDevice
}) => {
	let running = await startTestServer();
	const { port, url } = running.server;
	const alice = await openDevice({ context: { baseURL: url } });
	const bob = await openDevice({ context: { baseURL: url } });
	const link = await createPrivateRoom(alice.page);
	await bob.page.goto(link);
	const aliceName = await selfName(alice.page);
	const bobName = await selfName(bob.page);
	await expectPeer(bob.page, aliceName);

	await sendPhoto(alice.page, fixture('Canon_40D.jpg'));
	await expect(inDrops(bob.page)).toHaveCount(1);

	// The server goes away: the peers keep their direct connection and can still drop photos.
	await running.close();
	await expect(alice.page.getByText('Reconnecting to the server')).toBeVisible();
	await expectPeer(alice.page, bobName);
	await sendPhoto(alice.page, fixture('DSCN0010.jpg'));
	await expect(inDrops(bob.page)).toHaveCount(2);
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');

	// Back on the same port: both rejoin with their ids, and a newcomer meets them both.
	running = await startTestServer({ port });
	await expect(alice.page.getByText('Reconnecting to the server')).toHaveCount(0, { timeout: 20_000 });
	const carol = await openDevice({ context: { baseURL: url } });
	await carol.page.goto(link);
	await expectPeer(carol.page, aliceName);
	await expectPeer(carol.page, bobName);
	await expectPeer(alice.page, await selfName(carol.page));

	// A new name reaches the others through the server.
	await bob.page.getByRole('button', { name: 'Change your display name' }).click();
	await bob.page.getByLabel('Display name').fill('Bob the Builder');
	await bob.page.getByRole('button', { name: 'Save' }).click();
	await expect(bob.page.getByTestId('self-name')).toHaveText('Bob the Builder');
	await expectPeer(carol.page, 'Bob the Builder');
	await running.close();
});
