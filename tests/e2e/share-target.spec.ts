import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { inDrops, room } from './support/room-steps';

interface ShareTarget {
	action: string;
	method: string;
	enctype: string;
	params: { files: { name: string; accept: string[] }[] };
}

/** Every Cache API entry the page's origin holds (cache name and URL), and its IndexedDB databases. */
async function storedThings(page: Page) {
	return page.evaluate(async () => {
		const entries: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys())
				entries.push(`${name} ${request.method} ${request.url}`);
		}
		const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
		return { entries: entries.sort(), databases };
	});
}

/** What a phone's share sheet does with the manifest: a multipart POST of the files to the action. */
async function shareFromTheGallery(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
	await page.evaluate(
		([action, field, list]) => {
			const form = document.createElement('form');
			form.method = 'post';
			form.enctype = 'multipart/form-data';
			form.action = action;
			const input = document.createElement('input');
			input.type = 'file';
			input.name = field;
			input.multiple = true;
			const picked = new DataTransfer();
			for (const f of list) {
				const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
				picked.items.add(new File([bytes], f.name, { type: f.type }));
			}
			input.files = picked.files;
			form.append(input);
			document.body.append(form);
			form.submit();
		},
		[
			'/share',
			'photos',
			files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') }))
		] as const
	);
}

test('the manifest declares a share target for photos, posted as multipart', async ({ server }) => {
	const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as {
		share_target: ShareTarget;
	};
	expect(manifest.share_target).toMatchObject({
		action: '/share',
		method: 'POST',
		enctype: 'multipart/form-data'
	});
	expect(manifest.share_target.params.files).toEqual([expect.objectContaining({ name: 'photos' })]);
	expect(manifest.share_target.params.files[0]!.accept).toEqual(expect.arrayContaining(['image/*', '.heic']));
});

test('photos shared from the gallery are offered for a room of this tab, sent only there, and stored nowhere', async ({
	openDevice
}) => {
	const joined = await room(openDevice, 2);
	const [bob, alice] = joined;
	const link = joined.link;
	// 127.0.0.1 is a secure context: the service worker installs, caches the shell and controls the page.
	await expect.poll(() => alice.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	await expect
		.poll(() =>
			alice.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)
		)
		.toBe('activated');
	const before = await storedThings(alice.page);
	expect(before.databases).toEqual([]);

	const photo = readFileSync(fixturePath('DSCN0010.jpg'));
	await shareFromTheGallery(alice.page, [
		{ name: 'IMG_2041.jpg', type: 'image/jpeg', bytes: photo },
		{ name: 'IMG_2042.jpg', type: 'image/jpeg', bytes: readFileSync(fixturePath('portrait_6.jpg')) }
	]);
	await expect(alice.page).toHaveURL(/\/share$/);
	const offer = alice.page.getByTestId('share-target');
	await expect(offer.getByTestId('share-count')).toHaveText('2 photos to send');
	await expect(offer).toContainText('IMG_2041.jpg');
	await expect(offer.getByTestId('share-new-room')).toBeVisible();
	// Nothing is sent while the person chooses.
	await expect(inDrops(bob.page)).toHaveCount(0);

	const roomPath = new URL(link).pathname + new URL(link).hash;
	await offer.locator(`[data-testid="share-room"][data-room-path="${roomPath}"]`).click();
	await expect(alice.page).toHaveURL(link);
	await expect(inDrops(bob.page)).toHaveCount(2);
	for (const card of await inDrops(bob.page).all())
		await expect(card).toHaveAttribute('data-state', 'sealed');

	// The service worker handed the files over in memory: the caches hold the app shell as before,
	// and no database was made.
	const after = await storedThings(alice.page);
	expect(after.entries).toEqual(before.entries);
	expect(after.entries.filter((e) => /share|POST/.test(e))).toEqual([]);
	expect(after.databases).toEqual([]);
	// And the token was for one page, once: the share page opened again has nothing.
	await alice.page.goto('/share');
	await expect(alice.page.getByTestId('share-target').getByRole('alert')).toContainText('Nothing arrived');
});
