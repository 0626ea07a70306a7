import { readFileSync } from 'node:fs';
import { test, expect } from './support/fixtures';
import {
	inDrops,
	outDrops,
	room,
	SCREEN_WIDTHS,
	sealedDrop,
	sealedInNewRoom,
	sendPhoto
} from './support/room-steps';
import { arrivedDrops, openWithKeysSent } from './support/sealed-bytes';
import { CLIP_SECRETS, makeClip, paddedClip } from '../support/video-clips';

// Issue 16: a view-once clip is a drop like a photo, remuxed without its metadata.

const SECRETS = [CLIP_SECRETS.location, CLIP_SECRETS.make, CLIP_SECRETS.model, '\xa9xyz', '2021-05-04'];

function carries(bytes: Uint8Array, s: string): boolean {
	return Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));
}

for (const name of ['clip.mp4', 'clip.mov', 'clip.webm']) {
	test(`${name}: the recipient's bytes hold no GPS, make, model or date; it plays, then is destroyed`, async ({
		openDevice
	}) => {
		const file = makeClip(name);
		const original = readFileSync(file);
		// The test means something only if the clip really carries them.
		for (const s of [CLIP_SECRETS.location, CLIP_SECRETS.make, CLIP_SECRETS.model])
			expect(carries(original, s), s).toBe(true);
		const { alice, bob, card } = await sealedInNewRoom(openDevice, (page) => sendPhoto(page, file));
		await expect(card).toContainText(`Video from ${alice.name}`);
		// No thumbnail on the sealed card.
		await expect(card.locator('video, img, canvas')).toHaveCount(0);

		await card.getByTestId('reveal').click();
		const video = card.getByTestId('viewer').getByTestId('viewer-video');
		await expect(video).toBeVisible();
		await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.3);
		expect(await video.evaluate((v: HTMLVideoElement) => v.src.startsWith('blob:'))).toBe(true);
		expect(await video.getAttribute('controlslist')).toContain('nodownload');
		const url = await video.evaluate((v: HTMLVideoElement) => v.src);
		// The clip ends (3 s), and the view with it.
		await expect(card).toHaveAttribute('data-state', 'destroyed');
		await expect(card.locator('video')).toHaveCount(0);
		await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
			'data-status',
			'destroyed'
		);
		// The Blob URL was revoked: nothing can load it any more.
		const stillThere = await bob.page.evaluate(
			(u) =>
				fetch(u).then(
					() => true,
					() => false
				),
			url
		);
		expect(stillThere).toBe(false);

		const [drop] = await arrivedDrops(bob.page);
		expect(drop!.header.kind).toBe('video');
		const plain = await openWithKeysSent(drop!);
		expect(plain).not.toBeNull();
		expect(plain!.length).toBeGreaterThan(10_000);
		for (const s of SECRETS) expect(carries(plain!, s), s).toBe(false);
	});
}

test('a clip over a minute, or over 50 MB, gets an alert and nothing is sent', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	const long = makeClip('long.mp4', 61, '160x120');
	const big = paddedClip('big.mp4', 51_000_000);
	for (const [file, message] of [
		[long, /longer than a minute/],
		[big, /too big/]
	] as const) {
		await sendPhoto(alice.page, file);
		const alert = alice.page.getByRole('alert').filter({ hasText: message });
		await expect(alert).toBeVisible();
		await expect(alert).toContainText('Nothing was sent');
		await alert.getByRole('button', { name: 'Dismiss' }).click();
		await expect(outDrops(alice.page)).toHaveCount(0);
	}
	const broken = makeClip('broken.mp4');
	const cut = readFileSync(broken).subarray(0, 2000);
	await alice.page
		.getByTestId('file-input')
		.setInputFiles({ name: 'cut.mp4', mimeType: 'video/mp4', buffer: cut });
	await expect(alice.page.getByRole('alert').filter({ hasText: "couldn't be read" })).toBeVisible();
	await expect(outDrops(alice.page)).toHaveCount(0);
	await expect(inDrops(bob.page)).toHaveCount(0);
});

test('the remuxer is not part of the room page: it loads when a clip is chosen', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	const bodies: Promise<string>[] = [];
	const workers: string[] = [];
	alice.page.on('response', (r) => {
		if (r.url().endsWith('.js')) bodies.push(r.text().catch(() => ''));
	});
	// The remux runs in a worker, whose script the page's responses do not show.
	alice.page.on('worker', (w) => workers.push(w.url()));
	const scripts = async () => [
		...(await Promise.all(bodies)),
		...(await Promise.all(
			workers.map((url) => alice.page.evaluate(async (u) => (await fetch(u)).text(), url))
		))
	];
	await alice.page.reload();
	await expect(alice.page.getByTestId('peer')).toHaveAttribute('data-peer-state', 'ready');
	const firstLoad = await scripts();
	expect(firstLoad.length).toBeGreaterThan(0);
	expect(firstLoad.some((b) => b.includes('mediabunny/'))).toBe(false);
	await sendPhoto(alice.page, makeClip('lazy.webm'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
	expect((await scripts()).some((b) => b.includes('mediabunny/'))).toBe(true);
});

for (const [label, viewport] of SCREEN_WIDTHS) {
	test(`the video viewer at ${label} width fits the screen`, async ({ openDevice }) => {
		const [alice, bob] = await room(openDevice, 2, { context: { viewport } });
		await sendPhoto(alice.page, makeClip(`screen-${label}.mp4`, 6, '640x360'));
		const card = await sealedDrop(bob.page);
		await bob.page.screenshot({ path: `test-results/screens/${label}-video-sealed.png`, fullPage: true });
		await card.getByTestId('reveal').click();
		const video = card.getByTestId('viewer-video');
		await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(0.5);
		const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await bob.page.screenshot({ path: `test-results/screens/${label}-video-viewer.png`, fullPage: true });
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
	});
}
