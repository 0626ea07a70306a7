import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { chromiumAppPage } from './support/app-page';
import { expectViewerUpright } from './support/app-steps';
import { inDrops, room, sendPhoto } from './support/room-steps';

for (const name of ['portrait_6.jpg', 'landscape_8.jpg']) {
	test(`${name} arrives upright although its metadata is gone`, async ({ openDevice, server }) => {
		const [alice, bob] = await room(openDevice, 2);
		await sendPhoto(alice.page, fixturePath(name));
		const card = inDrops(bob.page).first();
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas')).toBeVisible();
		// Against references decoded in the same browser: as the EXIF tag says, and as stored (the
		// same file with its EXIF removed). Orientation 6 and 8 both swap width and height.
		await expectViewerUpright(await chromiumAppPage(bob, server.url), fixturePath(name));
	});
}
