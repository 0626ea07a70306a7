import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasMetadata } from '../../src/lib/image/jpeg-metadata';
import { test, expect } from './support/fixtures';
import { fixtureBytes, fixturePath } from '../support/fixtures';
import { expectHeicUpright, HEIC, HEIC_GRID } from './support/heic-upright';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';
import { arrivedDrops, openWithKeysSent } from './support/sealed-bytes';

test('an iPhone HEIC arrives upright, re-encoded as a JPEG with no EXIF or GPS', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await sendPhoto(alice.page, fixturePath(HEIC));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed', { timeout: 30_000 });
	await card.getByTestId('reveal').click();
	const canvas = card.getByTestId('viewer').locator('canvas[data-drawn="true"]');
	await expect(canvas).toBeVisible();
	// The viewer's picture drawn small (8 pixels per cell), its cells averaged here.
	const seen = await canvas.evaluate((c: HTMLCanvasElement, side: number) => {
		const small = document.createElement('canvas');
		small.width = side;
		small.height = side;
		const ctx = small.getContext('2d')!;
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(c, 0, 0, side, side);
		return { width: c.width, height: c.height, pixels: [...ctx.getImageData(0, 0, side, side).data] };
	}, HEIC_GRID * 8);
	await expectHeicUpright(seen);

	// What Bob was granted: a JPEG with nothing of the phone's metadata.
	const [drop] = await arrivedDrops(bob.page);
	const bytes = Buffer.from((await openWithKeysSent(drop!))!);
	expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
	expect(drop!.header.mime).toBe('image/jpeg');
	expect(hasMetadata(new Uint8Array(bytes))).toBe(false);
	for (const marker of ['Exif', 'GPS', 'Apple', 'iPhone', 'ftypheic']) {
		expect(bytes.includes(Buffer.from(marker)), marker).toBe(false);
	}
});

test('a HEIC whose picture data is damaged gets an alert, and nothing is sent', async ({ openDevice }) => {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-heic-'));
	const damaged = fixtureBytes(HEIC);
	// The boxes are whole; the tiles' coded data is noise, which the HEVC decoder refuses.
	for (let at = 10_000; at < 2_000_000; at++) damaged[at] = (at * 2654435761) >>> 24;
	const file = join(dir, 'IMG_0001.HEIC');
	writeFileSync(file, damaged);

	const [alice, bob] = await room(openDevice, 2);
	await sendPhoto(alice.page, file);
	const alert = alice.page.getByRole('alert').filter({ hasText: /damaged/i });
	await expect(alert).toBeVisible({ timeout: 30_000 });
	await expect(alert).toContainText('Nothing was sent');
	await expect(outDrops(alice.page)).toHaveCount(0);
	await expect(inDrops(bob.page)).toHaveCount(0);
});
