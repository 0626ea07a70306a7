import { readFileSync } from 'node:fs';
import { test, expect, type OpenDevice } from './support/fixtures';
import { arrivedDrops, openWithKeysSent } from './support/sealed-bytes';
import { fixturePath } from '../support/fixtures';
import { inDrops, room, sendPhoto } from './support/room-steps';
import { walkJpeg } from '../../src/lib/image/jpeg-segments';
import { hasMetadata } from '../../src/lib/image/jpeg-metadata';

async function pair(openDevice: OpenDevice) {
	const [alice, bob] = await room(openDevice, 2);
	await alice.page.getByText('More options').click();
	return { alice, bob, bobName: bob.name };
}

test('watermark: each copy carries its viewer’s name, tiled across the picture', async ({ openDevice }) => {
	const { alice, bob, bobName } = await pair(openDevice);
	await alice.page.getByTestId('opt-watermark').check();
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').click();
	const canvas = card.getByTestId('viewer').locator('canvas[data-drawn="true"]');
	await expect(canvas).toBeVisible();

	// Per tile of an 8x6 grid: how far the received picture is from the original photo.
	const tiles = await bob.page.evaluate(
		async ([b64]) => {
			const original = await createImageBitmap(
				new Blob([Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0))], { type: 'image/jpeg' })
			);
			const shown = document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')!;
			const w = shown.width;
			const h = shown.height;
			const ref = new OffscreenCanvas(w, h).getContext('2d')!;
			ref.drawImage(original, 0, 0, w, h);
			// Read as a page would see it, whichever context the viewer draws with.
			const seen = new OffscreenCanvas(w, h).getContext('2d')!;
			seen.drawImage(shown, 0, 0);
			const a = seen.getImageData(0, 0, w, h).data;
			const b = ref.getImageData(0, 0, w, h).data;
			const out: number[] = [];
			for (let ty = 0; ty < 6; ty++) {
				for (let tx = 0; tx < 8; tx++) {
					let changed = 0;
					let n = 0;
					for (let y = Math.floor((ty * h) / 6); y < Math.floor(((ty + 1) * h) / 6); y++) {
						for (let x = Math.floor((tx * w) / 8); x < Math.floor(((tx + 1) * w) / 8); x++) {
							const i = (y * w + x) * 4;
							if (
								Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) >
								30
							)
								changed++;
							n++;
						}
					}
					out.push(changed / n);
				}
			}
			return out;
		},
		[readFileSync(fixturePath('DSCN0010.jpg')).toString('base64')]
	);
	// A plain re-encode changes under 1% of a tile's pixels this much; the watermark touches most tiles.
	const marked = tiles.filter((t) => t > 0.03).length;
	expect(marked).toBeGreaterThanOrEqual(36);
	await canvas.screenshot({ path: 'test-results/screens/watermark.png' });
	expect(bobName.length).toBeGreaterThan(0);
});

test('original quality: full resolution, and still no EXIF or GPS', async ({ openDevice }) => {
	const { alice, bob } = await pair(openDevice);
	await alice.page.getByTestId('opt-quality').selectOption('original');
	await sendPhoto(alice.page, fixturePath('HMD_Nokia_8.3_5G.jpg'));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed', { timeout: 30_000 });
	await card.getByTestId('reveal').click();
	const canvas = card.getByTestId('viewer').locator('canvas[data-drawn="true"]');
	await expect(canvas).toBeVisible();
	// What Bob was granted, opened with the key he got.
	const [drop] = await arrivedDrops(bob.page);
	const received = (await openWithKeysSent(drop!))!;
	const bytes = Buffer.from(received);
	expect(hasMetadata(received)).toBe(false);
	expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
	expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
	expect([...walkJpeg(received)].some((p) => p.kind === 'broken')).toBe(false);
	expect(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([4608, 1976]);
});
