import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { createPrivateRoom, inDrops, sendPhoto, joinRoom } from './support/room-steps';
import { SCHEMES, chooseByAttribute, expectPalette } from './support/a11y-checks';

// Screens a person sees, at phone and laptop width and in the light and the dark theme, saved
// for a human to look at (`<width>-<screen>-<theme>.png`). The test asserts that nothing
// overflows the viewport horizontally.
for (const [label, viewport] of [
	['phone', { width: 360, height: 800 }],
	['laptop', { width: 1280, height: 800 }]
] as const) {
	test(`screens at ${label} width`, async ({ openDevice }) => {
		const alice = await openDevice({ context: { viewport } });
		const bob = await openDevice({ context: { viewport } });
		const shot = async (page: typeof alice.page, name: string) => {
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${name} overflows horizontally`).toBeLessThanOrEqual(0);
			for (const theme of SCHEMES) {
				await chooseByAttribute(page, theme);
				await expectPalette(page, theme);
				await page.screenshot({ path: `test-results/screens/${label}-${name}-${theme}.png`, fullPage: true });
			}
			await chooseByAttribute(page, 'system');
		};
		await alice.page.goto('/');
		await shot(alice.page, 'home');
		const link = await createPrivateRoom(alice.page);
		await joinRoom(alice.page, bob.page, link);
		await shot(alice.page, 'room');
		await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
		const card = inDrops(bob.page).first();
		await expect(card).toHaveAttribute('data-state', 'sealed');
		await shot(bob.page, 'sealed');
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas')).toBeVisible();
		await shot(bob.page, 'viewer');
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
		await shot(alice.page, 'receipts');
	});
}
