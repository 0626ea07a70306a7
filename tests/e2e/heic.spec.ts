import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasMetadata } from '../../src/lib/image/jpeg-metadata';
import { withDecodedHeic } from '../../src/lib/image/heic-decode';
import { test, expect } from './support/fixtures';
import { fixtureBytes, fixturePath } from '../support/fixtures';
import { cellMeans, loadLibheifInNode } from '../support/libheif-node';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';
import { arrivedDrops, openWithKeysSent } from './support/sealed-bytes';

const GRID = 12;
const HEIC = 'iphone_13_pro_max.HEIC';

/** Mean absolute difference of two cell grids, 0..255. */
function difference(a: number[], b: number[]): number {
	return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
}

/** The grid turned a quarter turn clockwise: how the photo would look with its `irot` ignored. */
function turned(cells: number[]): number[] {
	const out: number[] = [];
	for (let y = 0; y < GRID; y++) {
		for (let x = 0; x < GRID; x++)
			out.push(...cells.slice((x * GRID + (GRID - 1 - y)) * 3, (x * GRID + (GRID - 1 - y)) * 3 + 3));
	}
	return out;
}

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
		return { width: c.width, height: c.height, data: [...ctx.getImageData(0, 0, side, side).data] };
	}, GRID * 8);

	// The phone shows it portrait: 3024 × 4032, scaled to the default long edge.
	expect(seen.height).toBeGreaterThan(seen.width);
	expect(seen.width / seen.height).toBeCloseTo(3024 / 4032, 2);
	// The reference: the same file decoded by libheif in Node, upright.
	const lib = await loadLibheifInNode();
	const upright = await withDecodedHeic(lib, fixtureBytes(HEIC), async (p) =>
		cellMeans(p.data, p.width, p.height, GRID)
	);
	const received = cellMeans(seen.data, GRID * 8, GRID * 8, GRID);
	const toUpright = difference(received, upright);
	expect(toUpright).toBeLessThan(8);
	expect(toUpright * 4).toBeLessThan(difference(received, turned(upright)));

	// What Bob was granted: a JPEG with nothing of the phone's metadata.
	const [drop] = await arrivedDrops(bob.page);
	const bytes = Buffer.from(openWithKeysSent(drop!)!);
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
