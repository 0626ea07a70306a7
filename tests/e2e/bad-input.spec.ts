import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { fixtureBytes, fixturePath } from '../support/fixtures';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';

const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-'));
const notAnImage = join(dir, 'holiday.jpg');
writeFileSync(notAnImage, 'This is a text file pretending to be a photo.\n'.repeat(50));
// An iPhone photo cut off halfway through its download.
const cutOffHeic = join(dir, 'IMG_0002.HEIC');
writeFileSync(cutOffHeic, fixtureBytes('iphone_13_pro_max.HEIC').subarray(0, 1_100_000));

const cases: [string, string, RegExp][] = [
	['corrupted.jpg', fixturePath('corrupted.jpg'), /damaged/i],
	['bomb_30000x30000.png', fixturePath('bomb_30000x30000.png'), /too large/i],
	['a cut-off HEIC', cutOffHeic, /damaged/i],
	['a text file named .jpg', notAnImage, /isn't a photo/i]
];

test('every bad file gets a clear alert, nothing is sent, and the next drop works', async ({
	openDevice
}) => {
	const [alice, bob] = await room(openDevice, 2);

	for (const [label, file, message] of cases) {
		await sendPhoto(alice.page, file);
		const alert = alice.page.getByRole('alert').filter({ hasText: message });
		await expect(alert, label).toBeVisible();
		await expect(alert).toContainText('Nothing was sent');
		await alert.getByRole('button', { name: 'Dismiss' }).click();
		await expect(outDrops(alice.page)).toHaveCount(0);
	}
	await expect(inDrops(bob.page)).toHaveCount(0);

	// The tab is alive and the next photo goes through.
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
});
