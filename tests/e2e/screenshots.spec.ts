import { test } from './support/fixtures';
import { SCREEN_WIDTHS } from './support/room-steps';
import { expectNoHorizontalOverflow, layoutShotName, screenTour } from './support/screen-tour';
import { SCHEMES, chooseByAttribute, expectPalette } from './support/a11y-checks';

// Screens a person sees, at phone and laptop width and in the light and the dark theme, saved
// for a human to look at (`<width>-<screen>-<theme>.png`). The test asserts that nothing
// overflows the viewport horizontally.
for (const [label, viewport] of SCREEN_WIDTHS) {
	test(`screens at ${label} width`, async ({ openDevice }) => {
		const alice = await openDevice({ context: { viewport } });
		const bob = await openDevice({ context: { viewport } });
		await screenTour(alice.page, bob.page, async (page, screen) => {
			const name = layoutShotName(screen);
			await expectNoHorizontalOverflow(page, name);
			for (const theme of SCHEMES) {
				await chooseByAttribute(page, theme);
				await expectPalette(page, theme);
				await page.screenshot({ path: `test-results/screens/${label}-${name}-${theme}.png`, fullPage: true });
			}
			await chooseByAttribute(page, 'system');
		});
	});
}
