import { readFileSync } from 'node:fs';
import { stripJpegMetadata } from '../../src/lib/image/jpeg-metadata';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { inDrops, room, sendPhoto, viewerSample } from './support/room-steps';

/** Mean absolute difference of two same-size RGBA samples, 0..255. */
function difference(a: number[], b: number[]): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
	return sum / ((a.length * 3) / 4);
}

for (const name of ['portrait_6.jpg', 'landscape_8.jpg']) {
	test(`${name} arrives upright although its metadata is gone`, async ({ openDevice }) => {
		const [alice, bob] = await room(openDevice, 2);
		await sendPhoto(alice.page, fixturePath(name));
		const card = inDrops(bob.page).first();
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas')).toBeVisible();
		const seen = await viewerSample(bob.page, 32);

		// References decoded in the same browser: as the EXIF tag says, and as stored.
		// (The "as stored" one is the same file with its EXIF removed.)
		const original = readFileSync(fixturePath(name));
		const stored = Buffer.from(stripJpegMetadata(new Uint8Array(original)));
		const refs = await bob.page.evaluate(
			async ([withExif, withoutExif]) => {
				const sample = async (b64: string) => {
					const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
					const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
					const c = document.createElement('canvas');
					c.width = 32;
					c.height = 32;
					const ctx = c.getContext('2d')!;
					ctx.drawImage(bmp, 0, 0, 32, 32);
					return { width: bmp.width, height: bmp.height, pixels: [...ctx.getImageData(0, 0, 32, 32).data] };
				};
				return { upright: await sample(withExif), stored: await sample(withoutExif) };
			},
			[original.toString('base64'), stored.toString('base64')] as const
		);

		// Orientation 6 and 8 both swap width and height.
		expect(refs.upright.width).toBe(refs.stored.height);
		expect(seen.width / seen.height).toBeCloseTo(refs.upright.width / refs.upright.height, 2);
		const toUpright = difference(seen.pixels, refs.upright.pixels);
		const toStored = difference(seen.pixels, refs.stored.pixels);
		expect(toUpright).toBeLessThan(8);
		expect(toUpright * 5).toBeLessThan(toStored);
	});
}
