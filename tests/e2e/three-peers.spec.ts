import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, joinNewRoom, outDrops, sendPhoto } from './support/room-steps';

test('three devices: every drop reaches every other device, several at once', async ({ openDevice }) => {
	const [a, b, c] = await joinNewRoom(openDevice, 3);
	const names = [a, b, c].map((d) => d.name);
	for (const [i, d] of [a, b, c].entries()) {
		for (const [j, name] of names.entries()) if (i !== j) await expectPeer(d.page, name);
	}

	// A and C send at the same time; A sends two photos in a row.
	await sendPhoto(a.page, fixturePath('DSCN0010.jpg'));
	await sendPhoto(c.page, fixturePath('landscape_8.jpg'));
	await sendPhoto(a.page, fixturePath('Canon_40D.jpg'));

	await expect(inDrops(b.page)).toHaveCount(3);
	await expect(inDrops(a.page)).toHaveCount(1);
	await expect(inDrops(c.page)).toHaveCount(2);
	for (const d of [a, b, c]) {
		for (const card of await inDrops(d.page).all())
			await expect(card).toHaveAttribute('data-state', 'sealed');
	}
	for (const d of [a, c]) {
		for (const drop of await outDrops(d.page).all()) {
			await expect(drop.getByTestId('receipt')).toHaveCount(2);
			for (const r of await drop.getByTestId('receipt').all())
				await expect(r).toHaveAttribute('data-status', 'delivered');
		}
	}

	// B opens the one from C. One view was allowed (the default), so A's copy expires unopened.
	const fromC = inDrops(b.page).filter({ hasText: `Photo from ${names[2]}` });
	await fromC.getByTestId('reveal').click();
	await expect(fromC.getByTestId('viewer').locator('canvas')).toBeVisible();
	await fromC.getByTestId('close').click();
	await expect(fromC).toHaveAttribute('data-state', 'destroyed');
	const cDrop = outDrops(c.page).first();
	await expect(cDrop.locator(`[data-testid="receipt"][data-peer-name="${names[1]}"]`)).toHaveAttribute(
		'data-status',
		'destroyed'
	);
	await expect(cDrop.locator(`[data-testid="receipt"][data-peer-name="${names[0]}"]`)).toHaveAttribute(
		'data-status',
		'expired'
	);
	await expect(inDrops(a.page).first()).toHaveAttribute('data-state', 'expired');
	// A's own drops to B are untouched by that.
	for (const r of await outDrops(a.page).first().getByTestId('receipt').all()) {
		await expect(r).toHaveAttribute('data-status', 'delivered');
	}
});
