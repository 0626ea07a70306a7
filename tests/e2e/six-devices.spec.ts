import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectEveryPairReady } from './support/room-pairs';
import { inDrops, outDrops, room, sealedDrop, sendPhoto } from './support/room-steps';

// Six browser processes on a shared 2-core machine: starting them and 15 peer links takes a while.
test.setTimeout(120_000);

test('six devices: every pair ready, one drop reaches the other five, sealed, and each can reveal it; a watermarked one reaches all five too', async ({
	openDevice
}) => {
	const devices = await room(openDevice, 6);
	await expectEveryPairReady(devices);
	const [sender, ...recipients] = devices;

	// Five views, so that each recipient may open its copy (one view is the default).
	await sender.page.getByTestId('opt-views').selectOption('5');
	await sendPhoto(sender.page, fixturePath('DSCN0010.jpg'));
	const cards = await Promise.all(recipients.map((r) => sealedDrop(r.page)));
	const drop = outDrops(sender.page).first();
	await expect(drop.getByTestId('receipt')).toHaveCount(5);
	for (const r of recipients)
		await expect(drop.locator(`[data-testid="receipt"][data-peer-name="${r.name}"]`)).toHaveAttribute(
			'data-status',
			'delivered'
		);

	for (const [i, card] of cards.entries()) {
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
		await expect(
			drop.locator(`[data-testid="receipt"][data-peer-name="${recipients[i]!.name}"]`)
		).toHaveAttribute('data-status', 'destroyed');
	}

	// Watermarked, five copies are made three at a time (CopySlots): the two that wait still go.
	await sender.page.getByText('More options').click();
	await sender.page.getByTestId('opt-watermark').check();
	await sendPhoto(sender.page, fixturePath('landscape_8.jpg'));
	const marked = outDrops(sender.page).first();
	await expect(marked.getByTestId('receipt')).toHaveCount(5);
	for (const r of await marked.getByTestId('receipt').all())
		await expect(r).toHaveAttribute('data-status', 'delivered', { timeout: 30_000 });
	for (const r of recipients) await expect(inDrops(r.page).first()).toHaveAttribute('data-state', 'sealed');
	for (const d of devices) expect(d.consoleErrors).toEqual([]);
});
