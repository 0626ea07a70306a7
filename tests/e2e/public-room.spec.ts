import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { createPublicRoom, expectPeer, inDrops, selfName, sendPhoto } from './support/room-steps';

test('a public room: a short code anyone can type, clearly marked unverified', async ({ openDevice }) => {
	const alice = await openDevice();
	const bob = await openDevice();
	const code = await createPublicRoom(alice.page);
	await expect(alice.page.getByText('Anyone with the code')).toBeVisible();

	await bob.page.goto('/');
	await bob.page.getByTestId('public-code').fill(code.toLowerCase());
	await bob.page.getByTestId('join-public').click();
	await expectPeer(alice.page, await selfName(bob.page));
	await expectPeer(bob.page, await selfName(alice.page));
	// Not verified, but the safety codes match.
	await expect(alice.page.locator('[data-testid="peer"]')).toContainText('unverified');
	await expect(alice.page.getByTestId('safety-code')).toHaveText(
		(await bob.page.getByTestId('safety-code').textContent())!
	);

	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
});

test('a code nobody created gets a clear message', async ({ openDevice }) => {
	const carol = await openDevice();
	await carol.page.goto('/');
	await carol.page.getByTestId('public-code').fill('ZZZZ22');
	await carol.page.getByTestId('join-public').click();
	await expect(carol.page.getByRole('alert').filter({ hasText: 'no room with that code' })).toBeVisible();
	await carol.page.goto('/');
	await carol.page.getByTestId('public-code').fill('O0O0');
	await carol.page.getByTestId('join-public').click();
	await expect(carol.page.getByRole('alert')).toContainText('6 letters and digits');
});

test('a device that cannot reach the other directly gets an explanation', async ({ openDevice }) => {
	const alice = await openDevice({ clock: true });
	// Bob may use relay candidates only, and the server has no relay: like a network that
	// isolates its clients, no path exists at all.
	const bob = await openDevice({ relayOnly: true });
	await alice.page.goto('/');
	await alice.page.getByTestId('create-room').click();
	const link = await alice.page.getByTestId('room-link').inputValue();
	await bob.page.goto(link);
	const bobName = await selfName(bob.page);
	await expectPeer(alice.page, bobName, 'connecting');
	await alice.page.clock.fastForward('00:16');
	// Said once, plainly, while it keeps trying...
	await expect(alice.page.getByRole('alert')).toContainText('block device-to-device traffic');
	await expect(alice.page.getByRole('alert')).toContainText('no relay (TURN) set up');
	await expectPeer(alice.page, bobName, 'connecting');
	// ...and after about a minute it gives up.
	for (let i = 0; i < 3; i++) await alice.page.clock.fastForward('00:16');
	await expectPeer(alice.page, bobName, 'failed');
	await expect(alice.page.getByRole('alert').filter({ hasText: 'block device-to-device' })).toHaveCount(1);
});
