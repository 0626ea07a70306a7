import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { createPrivateRoom, expectPeer, inDrops, outDrops, selfName, sendPhoto } from './support/room-steps';
import {
	SCHEMES,
	chooseByAttribute,
	chooseInSelect,
	expectAccessibleInEveryTheme,
	expectPalette,
	smallTouchTargets,
	type ThemeCheckOptions
} from './support/a11y-checks';

const PHONE = { width: 360, height: 800 };
const notAnImage = join(mkdtempSync(join(tmpdir(), 'vanishdrop-a11y-')), 'holiday.jpg');
writeFileSync(notAnImage, 'This is a text file pretending to be a photo.\n'.repeat(50));

/**
 * The light and the dark theme, each followed from the system and chosen against it, with axe in
 * both; every control at least 44 px; and a phone-width screenshot of each theme.
 */
async function checkScreen(page: Page, screen: string, options: ThemeCheckOptions = {}): Promise<void> {
	const choose = options.choose ?? chooseByAttribute;
	await expectAccessibleInEveryTheme(page, screen, options);
	expect.soft(await smallTouchTargets(page), `touch targets on ${screen}`).toEqual([]);
	for (const theme of SCHEMES) {
		await choose(page, theme);
		await expectPalette(page, theme);
		await page.screenshot({ path: `test-results/screens/a11y-${screen}-${theme}.png`, fullPage: true });
	}
	await choose(page, 'system');
}

test('every screen at phone width: no serious axe violations in the light or the dark theme, 44 px targets', async ({
	openDevice
}) => {
	// Nine screens, each in four theme cases with axe in two of them (four on the home page).
	test.setTimeout(180_000);
	const alice = await openDevice({ context: { viewport: PHONE, hasTouch: true, isMobile: true } });
	const bob = await openDevice({ context: { viewport: PHONE, hasTouch: true, isMobile: true } });

	await alice.page.goto('/');
	await checkScreen(alice.page, 'home', { choose: chooseInSelect, axeOnChosen: true });

	const link = await createPrivateRoom(alice.page);
	await selfName(alice.page);
	await checkScreen(alice.page, 'room-alone');

	await bob.page.goto(link);
	await expectPeer(alice.page, await selfName(bob.page));
	await checkScreen(alice.page, 'room-with-peer');

	await alice.page.getByText('More options').click();
	await checkScreen(alice.page, 'options');

	await sendPhoto(alice.page, notAnImage);
	await expect(alice.page.getByRole('alert').filter({ hasText: /isn't a photo/i })).toBeVisible();
	await checkScreen(alice.page, 'alert');
	await alice.page.getByRole('button', { name: 'Dismiss' }).click();

	// A view long enough for the viewer's checks in every theme case on a busy machine.
	await alice.page.getByTestId('opt-seconds').selectOption('60');
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await checkScreen(bob.page, 'sealed');

	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await checkScreen(bob.page, 'viewer');

	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	await checkScreen(bob.page, 'destroyed');
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
		'data-status',
		'destroyed'
	);
	await checkScreen(alice.page, 'receipts');
});
