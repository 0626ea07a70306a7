import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { screenTour } from './support/screen-tour';
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

	await screenTour(alice.page, bob.page, (page, screen) =>
		checkScreen(
			page,
			screen,
			// The home page has the theme select: chosen there, with axe on the chosen themes too.
			screen === 'home' ? { choose: chooseInSelect, axeOnChosen: true } : {}
		)
	);
});
