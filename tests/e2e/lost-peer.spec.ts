import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';

const BIG = fixturePath('HMD_Nokia_8.3_5G.jpg');

// The recipient's network stalls after the first chunk (the tap stops passing frames on); then one
// side goes away. The drop must end as failed, never as a partial image.
test('the sender leaving mid-transfer fails the drop on the recipient', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await bob.page.evaluate(() => (window.__tap.holdAfter = 1));

	await sendPhoto(alice.page, BIG);
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'receiving');
	await alice.page.close();
	await expect(card).toHaveAttribute('data-state', 'failed');
	await expect(card.getByTestId('reveal')).toHaveCount(0);
});

test('the recipient leaving mid-transfer fails its receipt on the sender', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await bob.page.evaluate(() => (window.__tap.holdAfter = 1));

	await sendPhoto(alice.page, BIG);
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'receiving');
	const receipt = outDrops(alice.page).first().getByTestId('receipt');
	await expect(receipt).toHaveAttribute('data-status', 'sending');
	await bob.page.close();
	await expect(receipt).toHaveAttribute('data-status', 'failed');
	await expect(outDrops(alice.page).first()).toHaveAttribute('data-state', 'failed');
});
