/**
 * At original quality an upright JPEG goes out while it is still being decoded to check it: one
 * that the browser can't decode (12-bit: structurally sound, but not for Chromium's decoder) is
 * called back on both sides, and the recipient never calls it sealed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noiseJpeg } from '../bench/transfer/noise-jpegs';
import { test, expect } from './support/fixtures';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';

/** The noise JPEG with its frame's sample precision set to 12 bits; nothing else changes. */
function undecodableJpeg(): string {
	const bytes = readFileSync(noiseJpeg(1_000_000));
	const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
	if (sof < 0) throw new Error('no SOF0');
	// FF C0, the segment's length (2 bytes), then the precision.
	bytes[sof + 4] = 12;
	const path = join(tmpdir(), `vanishdrop-12-bit-${process.pid}.jpg`);
	writeFileSync(path, bytes);
	return path;
}

test('a photo that fails its decode check while it is sent is called back on both sides', async ({
	openDevice
}) => {
	const [alice, bob] = await room(openDevice, 2);
	await alice.page.getByText('More options').click();
	await alice.page.getByTestId('opt-quality').selectOption('original');
	await sendPhoto(alice.page, undecodableJpeg());

	await expect(alice.page.getByRole('alert').filter({ hasText: /damaged/i })).toBeVisible();
	await expect(outDrops(alice.page)).toHaveCount(0);
	const calledBack = bob.page.getByRole('alert').filter({ hasText: /called back a photo/ });
	await expect(calledBack).toBeVisible();
	await expect(calledBack).toContainText(alice.name);
	await expect(inDrops(bob.page).filter({ has: bob.page.locator('[data-state="sealed"]') })).toHaveCount(0);
	for (const card of await inDrops(bob.page).all()) {
		await expect(card).not.toHaveAttribute('data-state', /sealed|viewing/);
	}

	// The next photo goes through.
	await sendPhoto(alice.page, noiseJpeg(300_000));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
});
