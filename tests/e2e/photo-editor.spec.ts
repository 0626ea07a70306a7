import type { CDPSession, Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { inDrops, outDrops, room, sendPhoto } from './support/room-steps';
import { arrivedDrops, openWithKeysSent } from './support/sealed-bytes';

const PHOTO = fixturePath('DSCN0010.jpg'); // 640 × 480, upright as stored

interface Rgba {
	width: number;
	height: number;
	data: Buffer;
}

/** `bytes` decoded by `page`'s browser into RGBA. */
async function decodeIn(page: Page, bytes: Uint8Array, mime: string): Promise<Rgba> {
	const out = await page.evaluate(
		async ([b64, type]) => {
			const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const bitmap = await createImageBitmap(new Blob([raw], { type }));
			const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
			const ctx = canvas.getContext('2d')!;
			ctx.drawImage(bitmap, 0, 0);
			const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
			let s = '';
			for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
			return { width: bitmap.width, height: bitmap.height, b64: btoa(s) };
		},
		[Buffer.from(bytes).toString('base64'), mime] as const
	);
	return { width: out.width, height: out.height, data: Buffer.from(out.b64, 'base64') };
}

/** What the recipient was granted of its only drop, decoded. */
async function receivedPicture(page: Page): Promise<Rgba> {
	const drops = await arrivedDrops(page);
	expect(drops).toHaveLength(1);
	const bytes = (await openWithKeysSent(drops[0]!))!;
	expect(bytes).not.toBeNull();
	return decodeIn(page, bytes, drops[0]!.header.mime);
}

const px = (p: Rgba, x: number, y: number) => [
	...p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 3)
];

/** Client coordinates of a point of the picture in the editor's canvas. */
async function onCanvas(canvas: Locator, x: number, y: number, picture: { width: number; height: number }) {
	const box = (await canvas.boundingBox())!;
	return { x: box.x + (x * box.width) / picture.width, y: box.y + (y * box.height) / picture.height };
}

/** A drag between two points of a picture of `size`, shown in the editor's canvas. */
interface Drag {
	from: [number, number];
	to: [number, number];
	size: { width: number; height: number };
}

/** Where a drag starts and ends, in client coordinates. */
async function dragEnds(canvas: Locator, { from, to, size }: Drag) {
	return [await onCanvas(canvas, ...from, size), await onCanvas(canvas, ...to, size)] as const;
}

async function mouseDrag(page: Page, canvas: Locator, drag: Drag) {
	const [a, b] = await dragEnds(canvas, drag);
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
	await page.mouse.move(b.x, b.y, { steps: 4 });
	await page.mouse.up();
}

/** A one-finger drag, as a phone's touch screen sends it (the page sees pointer events of type touch). */
async function touchDrag(cdp: CDPSession, canvas: Locator, drag: Drag) {
	const [a, b] = await dragEnds(canvas, drag);
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: a.x, y: a.y }] });
	for (let i = 1; i <= 6; i++) {
		const t = i / 6;
		await cdp.send('Input.dispatchTouchEvent', {
			type: 'touchMove',
			touchPoints: [{ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }]
		});
	}
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function openEditor(page: Page): Promise<Locator> {
	await page.getByTestId('opt-edit').check();
	await sendPhoto(page, PHOTO);
	const editor = page.getByTestId('editor');
	await expect(editor).toBeVisible();
	const canvas = editor.locator('canvas');
	await expect(canvas).toHaveAttribute('data-size', '640x480');
	return canvas;
}

test('a box blacked out with the mouse: the recipient gets black there and the photo elsewhere', async ({
	openDevice
}) => {
	const [alice, bob] = await room(openDevice, 2, { context: { viewport: { width: 1280, height: 900 } } });
	const canvas = await openEditor(alice.page);
	await alice.page.getByTestId('editor-redact').click();
	const box = { x0: 200, y0: 120, x1: 420, y1: 300 };
	await mouseDrag(alice.page, canvas, {
		from: [box.x0, box.y0],
		to: [box.x1, box.y1],
		size: { width: 640, height: 480 }
	});
	await alice.page.screenshot({ path: 'test-results/screens/editor-1280.png' });
	// Nothing leaves before Send.
	await expect(outDrops(alice.page)).toHaveCount(0);
	await alice.page.getByTestId('editor-send').click();
	await expect(alice.page.getByTestId('editor')).toHaveCount(0);

	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	const got = await receivedPicture(bob.page);
	const original = await decodeIn(bob.page, readFileSync(PHOTO), 'image/jpeg');
	expect([got.width, got.height]).toEqual([640, 480]);

	// The box (a drag covers whole pixels, so within a pixel of where it was dragged): black, but
	// for JPEG's ringing near its edge (within one 8 × 8 block of it).
	let darkest = 0;
	let total = 0;
	let count = 0;
	for (let y = box.y0 + 8; y < box.y1 - 8; y++) {
		for (let x = box.x0 + 8; x < box.x1 - 8; x++) {
			const v = px(got, x, y);
			darkest = Math.max(darkest, ...v);
			total += v[0]! + v[1]! + v[2]!;
			count += 3;
		}
	}
	expect(darkest).toBeLessThanOrEqual(12);
	expect(total / count).toBeLessThan(2);
	// Everywhere else, away from its edge: the photo, within what two JPEG encodes change.
	let sum = 0;
	let n = 0;
	for (let y = 0; y < 480; y += 2) {
		for (let x = 0; x < 640; x += 2) {
			if (x > box.x0 - 10 && x < box.x1 + 10 && y > box.y0 - 10 && y < box.y1 + 10) continue;
			const a = px(got, x, y);
			const b = px(original, x, y);
			for (let c = 0; c < 3; c++) sum += Math.abs(a[c]! - b[c]!);
			n += 3;
		}
	}
	expect(sum / n).toBeLessThan(6);
});

test('at 360 px with touch: crop, rotate and pixelate give the expected size and 16 px blocks', async ({
	openDevice
}) => {
	const phone = {
		viewport: { width: 360, height: 740 },
		hasTouch: true,
		isMobile: true,
		deviceScaleFactor: 2
	};
	const [alice, bob] = await room(openDevice, 2, [{ context: phone }, {}]);
	const canvas = await openEditor(alice.page);
	const cdp = await alice.page.context().newCDPSession(alice.page);

	await alice.page.getByTestId('editor-crop').click();
	await touchDrag(cdp, canvas, { from: [40, 60], to: [440, 360], size: { width: 640, height: 480 } });
	await expect(canvas).toHaveAttribute('data-size', '400x300');
	await alice.page.getByTestId('editor-rotate').click();
	await expect(canvas).toHaveAttribute('data-size', '300x400');

	await alice.page.getByTestId('editor-redact').click();
	await alice.page.getByTestId('editor-redact-style').selectOption('pixelate');
	// Whole 16 px blocks from (32, 48) to (208, 240) once grown to the grid.
	await touchDrag(cdp, canvas, { from: [40, 50], to: [200, 230], size: { width: 300, height: 400 } });
	await alice.page.screenshot({ path: 'test-results/screens/editor-360.png' });
	await alice.page.getByTestId('editor-send').click();

	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	const got = await receivedPicture(bob.page);
	expect([got.width, got.height]).toEqual([300, 400]);

	// Each 16 px block inside is one colour (JPEG moves a pixel a little); neighbours differ.
	let spread = 0;
	const means: number[] = [];
	for (let by = 48; by < 240; by += 16) {
		for (let bx = 32; bx < 208; bx += 16) {
			const values: number[] = [];
			for (let y = by + 2; y < by + 14; y++)
				for (let x = bx + 2; x < bx + 14; x++) values.push(px(got, x, y)[1]!);
			spread = Math.max(spread, Math.max(...values) - Math.min(...values));
			means.push(values.reduce((s, v) => s + v, 0) / values.length);
		}
	}
	expect(spread).toBeLessThanOrEqual(12);
	expect(new Set(means.map((m) => Math.round(m / 4))).size).toBeGreaterThan(10);
	// Outside, the photo's detail is left: the same rows hold pixel-to-pixel changes well past that.
	let detail = 0;
	for (let x = 220; x < 299; x++)
		detail = Math.max(detail, Math.abs(px(got, x, 100)[1]! - px(got, x + 1, 100)[1]!));
	expect(detail).toBeGreaterThan(20);
});

test('cancel closes the editor and sends nothing', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await openEditor(alice.page);
	await alice.page.getByTestId('editor-cancel').click();
	await expect(alice.page.getByTestId('editor')).toHaveCount(0);
	await expect(outDrops(alice.page)).toHaveCount(0);
	// With editing off again, the next photo is sent at once: the tab and the room are fine.
	await alice.page.getByTestId('opt-edit').uncheck();
	await sendPhoto(alice.page, PHOTO);
	await expect(inDrops(bob.page)).toHaveCount(1);
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
});

test("the editor's code loads only when a photo is edited", async ({ openDevice }) => {
	const [alice] = await room(openDevice, 1);
	await alice.page.waitForLoadState('networkidle');
	const firstLoad = await alice.page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((e) => e.name)
			.filter((n) => n.endsWith('.js'))
	);
	expect(firstLoad.length).toBeGreaterThan(0);
	const bodies = await Promise.all(
		firstLoad.map((u) => alice.page.evaluate((url) => fetch(url).then((r) => r.text()), u))
	);
	expect(bodies.filter((b) => b.includes('editor-redact'))).toEqual([]);
	await openEditor(alice.page);
	const after = await alice.page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((e) => e.name)
			.filter((n) => n.endsWith('.js'))
	);
	const added = after.filter((u) => !firstLoad.includes(u));
	const addedBodies = await Promise.all(
		added.map((u) => alice.page.evaluate((url) => fetch(url).then((r) => r.text()), u))
	);
	expect(addedBodies.some((b) => b.includes('editor-redact'))).toBe(true);
});
