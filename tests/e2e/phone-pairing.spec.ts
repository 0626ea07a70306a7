import { devices } from '@playwright/test';
import jsQR from 'jsqr';
import { fixturePath } from '../support/fixtures';
import { APP_BUILD_DIR, startTestServer } from '../support/test-server';
import { test, expect } from './support/fixtures';
import {
	createPrivateRoom,
	expectPeer,
	outDrops,
	selfName,
	sendPhoto,
	joinRoom,
	viewOnce
} from './support/room-steps';
import type { Page } from '@playwright/test';

const PHONE = devices['Pixel 7'];

/** Screenshots the QR code as the phone's camera would see it, and decodes it. */
async function scanQr(page: Page): Promise<string> {
	const qr = page.getByTestId('room-qr');
	await expect(qr).toBeVisible();
	const size = await qr.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height }));
	expect(size.w).toBeGreaterThan(0);
	const pixels = await page.evaluate(
		async (b64) => {
			const img = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
			const c = new OffscreenCanvas(img.width, img.height);
			const ctx = c.getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			return { w: img.width, h: img.height, data: [...ctx.getImageData(0, 0, img.width, img.height).data] };
		},
		(await qr.screenshot()).toString('base64')
	);
	const code = jsQR(Uint8ClampedArray.from(pixels.data), pixels.w, pixels.h);
	if (!code) throw new Error('the QR code did not decode');
	return code.data;
}

test('a phone joins by scanning the QR code, and photos go both ways', async ({ openDevice }) => {
	const desk = await openDevice();
	const link = await createPrivateRoom(desk.page);
	expect(await scanQr(desk.page)).toBe(link);

	const phone = await openDevice({ context: { ...PHONE } });
	await joinRoom(desk.page, phone.page, link);
	await expectPeer(phone.page, await selfName(desk.page));

	await sendPhoto(phone.page, fixturePath('DSCN0010.jpg'));
	await viewOnce(desk.page);
	await expect(outDrops(phone.page).first().getByTestId('receipt')).toHaveAttribute(
		'data-status',
		'destroyed'
	);
	await sendPhoto(desk.page, fixturePath('landscape_8.jpg'));
	await viewOnce(phone.page);
	await expect(outDrops(desk.page).first().getByTestId('receipt')).toHaveAttribute(
		'data-status',
		'destroyed'
	);
});

test('opened as 127.0.0.1, the invitation uses the LAN address, which a phone can open', async ({
	openDevice
}) => {
	// Listening on every interface, as `npm start` does.
	const running = await startTestServer({ staticDir: APP_BUILD_DIR, host: '0.0.0.0' });
	try {
		const desk = await openDevice({ context: { baseURL: running.url } });
		await createPrivateRoom(desk.page);
		// The server names its LAN addresses when the page joins.
		await expect(desk.page.getByTestId('room-link')).not.toHaveValue(/127\.0\.0\.1/);
		const link = await desk.page.getByTestId('room-link').inputValue();
		const url = new URL(link);
		expect(url.hostname).not.toBe('127.0.0.1');
		expect(url.hostname).not.toBe('localhost');
		if (process.env.NETNS_EXEC_INSIDE === '1') expect(url.hostname).toBe('10.213.0.1');
		expect(await scanQr(desk.page)).toBe(link);

		const phone = await openDevice({ context: { ...PHONE } });
		await joinRoom(desk.page, phone.page, link);
		await expectPeer(phone.page, await selfName(desk.page));
	} finally {
		await running.close();
	}
});

test('the whole session requests nothing outside the app origin', async ({ openDevice, server }) => {
	const offOrigin: string[] = [];
	const watch = (page: Page) =>
		page.on('request', (r) => {
			const u = new URL(r.url());
			if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== server.url) offOrigin.push(r.url());
		});
	const alice = await openDevice();
	const bob = await openDevice({ context: { ...PHONE } });
	watch(alice.page);
	watch(bob.page);
	const link = await createPrivateRoom(alice.page);
	await joinRoom(alice.page, bob.page, link);
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await viewOnce(bob.page);
	await sendPhoto(bob.page, fixturePath('Canon_40D.jpg'));
	await viewOnce(alice.page);
	expect(offOrigin, `requests to other hosts: ${offOrigin.join(', ')}`).toEqual([]);
});
