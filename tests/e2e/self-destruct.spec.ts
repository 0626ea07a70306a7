import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, outDrops, room, selfName, sendPhoto, viewOnce } from './support/room-steps';

test('views=2 among three recipients: two see it once each, the third finds it expired', async ({
	openDevice
}) => {
	const [alice, bob, carol, dave] = await room(openDevice, 4);
	await alice.page.getByTestId('opt-views').selectOption('2');
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	for (const d of [bob, carol, dave])
		await expect(inDrops(d.page).first()).toHaveAttribute('data-state', 'sealed');
	const drop = outDrops(alice.page).first();
	await expect(drop.getByTestId('views-left')).toHaveText('2 of 2 views left');

	await viewOnce(bob.page);
	await viewOnce(carol.page);
	await expect(inDrops(dave.page).first()).toHaveAttribute('data-state', 'expired');
	await expect(inDrops(dave.page).first().getByTestId('reveal')).toHaveCount(0);

	const receipt = (name: string) => drop.locator(`[data-testid="receipt"][data-peer-name="${name}"]`);
	await expect(receipt(bob.name)).toHaveAttribute('data-status', 'destroyed');
	await expect(receipt(carol.name)).toHaveAttribute('data-status', 'destroyed');
	await expect(receipt(dave.name)).toHaveAttribute('data-status', 'expired');
	await expect(drop).toHaveAttribute('data-state', 'done');
	await expect(drop.getByTestId('views-left')).toHaveText('0 of 2 views left');
	// The viewed receipts carried the time of viewing.
	await expect(receipt(bob.name)).toContainText(/at\s+\d/);
});

test('an unopened drop expires on both sides after a minute', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2, { clock: true });
	await alice.page.getByTestId('opt-expiry').selectOption('1');
	await sendPhoto(alice.page, fixturePath('Canon_40D.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
		'data-status',
		'delivered'
	);

	for (const d of [alice, bob]) await d.page.clock.fastForward('01:01');
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'expired');
	await expect(outDrops(alice.page).first()).toHaveAttribute('data-state', 'expired');
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute('data-status', 'expired');
});

test('a late joiner receives a live drop and views it once', async ({ openDevice }) => {
	const joined = await room(openDevice, 2);
	const [alice, bob] = joined;
	await alice.page.getByTestId('opt-views').selectOption('3');
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');

	const carol = await openDevice();
	await carol.page.goto(joined.link);
	await viewOnce(carol.page);
	const drop = outDrops(alice.page).first();
	await expect(
		drop.locator(`[data-testid="receipt"][data-peer-name="${await selfName(carol.page)}"]`)
	).toHaveAttribute('data-status', 'destroyed');
	await expect(drop.getByTestId('views-left')).toHaveText('2 of 3 views left');
});

test('burn before view: the recipient wipes it and cannot reveal it', async ({ openDevice }) => {
	const joined = await room(openDevice, 2);
	const [alice, bob] = joined;
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await outDrops(alice.page).first().getByTestId('burn').click();
	await expect(card).toHaveAttribute('data-state', 'burned');
	await expect(card.getByTestId('reveal')).toHaveCount(0);
	await expect(outDrops(alice.page).first()).toHaveAttribute('data-state', 'burned');
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute('data-status', 'burned');
	// And a late joiner never gets it.
	const carol = await openDevice();
	await carol.page.goto(joined.link);
	await expectPeer(carol.page, await selfName(alice.page));
	await expect(inDrops(carol.page)).toHaveCount(0);
});

test('the tab losing focus during a view hides the picture at once and destroys the drop', async ({
	openDevice
}) => {
	const [alice, bob] = await room(openDevice, 2);
	await alice.page.getByTestId('opt-seconds').selectOption('0');
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await bob.page.evaluate(() => {
		Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
		document.dispatchEvent(new Event('visibilitychange'));
	});
	await expect(card.getByTestId('viewer')).toHaveCount(0);
	await expect(card).toHaveAttribute('data-state', 'destroyed');
});

test('hold to view: visible only between pointerdown and pointerup', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await alice.page.getByText('More options').click();
	await alice.page.getByTestId('opt-hold').check();
	await alice.page.getByTestId('opt-caption').fill('Only while you hold');
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').click();
	const canvas = card.getByTestId('viewer').locator('canvas[data-drawn="true"]');
	await expect(canvas).toBeVisible();
	await expect(canvas).toHaveClass(/hidden/);
	await expect(card.getByTestId('viewer')).toContainText('Only while you hold');
	const box = (await canvas.boundingBox())!;
	await bob.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await bob.page.mouse.down();
	await expect(canvas).not.toHaveClass(/hidden/);
	await bob.page.mouse.up();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	await expect(card.getByTestId('viewer')).toHaveCount(0);
});
