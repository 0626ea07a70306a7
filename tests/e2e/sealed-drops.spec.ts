import type { Page } from '@playwright/test';
import { toBase64Url } from '../../src/lib/crypto/base64url';
import { ChunkedDigest } from '../../src/lib/crypto/chunked-digest';
import { describeCopy, newDropKey, sealXChaChaChunk } from '../../src/lib/crypto/drop-sealing';
import { fixtureBytes, fixturePath } from '../support/fixtures';
import { test, expect } from './support/fixtures';
import {
	expectPeer,
	inDrops,
	outDrops,
	room,
	sealedDrop,
	sealedInNewRoom,
	selfName,
	sendPhoto,
	viewOnce
} from './support/room-steps';
import {
	arrivedDrops,
	entropyBitsPerByte,
	openWithKeysSent,
	plaintextRunsIn,
	sealedBytes
} from './support/sealed-bytes';

// Issue 13: a device can see a photo only if the sender's tab gave it a key, and the sender's
// tab gives out at most as many keys as the drop has views.

const PHOTO = fixturePath('DSCN0010.jpg');

test('an unopened device holds no plaintext: no JPEG structure, near 8 bits of entropy per byte', async ({
	openDevice
}) => {
	const { alice, bob, card } = await sealedInNewRoom(openDevice, (page) => sendPhoto(page, PHOTO));
	await expect(card.getByTestId('sealed-note')).toContainText(`while ${alice.name} is here`);
	const [drop] = await arrivedDrops(bob.page);
	const held = sealedBytes(drop!);
	expect(held.length).toBeGreaterThan(10_000);
	expect(drop!.keys).toEqual([]);
	expect(entropyBitsPerByte(held)).toBeGreaterThan(7.9);
	// After the view, the photo shows as before.
	await viewOnce(bob.page);
	// The photo the granted key opens is a JPEG, and what the device held before shares none of
	// its structure: no run of its markers, tables or headers, and none of its scan.
	const [granted] = await arrivedDrops(bob.page);
	const plain = (await openWithKeysSent(granted!))!;
	expect([plain[0], plain[1], plain[2]]).toEqual([0xff, 0xd8, 0xff]);
	expect(plaintextRunsIn(held, plain)).toEqual([]);
});

test('views = 2 among three recipients: the third never receives a key, and finds it expired', async ({
	openDevice
}) => {
	const [alice, bob, carol, dave] = await room(openDevice, 4);
	await alice.page.getByTestId('opt-views').selectOption('2');
	await sendPhoto(alice.page, PHOTO);
	for (const d of [bob, carol, dave])
		await expect(inDrops(d.page).first()).toHaveAttribute('data-state', 'sealed');
	await viewOnce(bob.page);
	await viewOnce(carol.page);
	await expect(inDrops(dave.page).first()).toHaveAttribute('data-state', 'expired');
	for (const d of [bob, carol]) expect((await arrivedDrops(d.page))[0]!.keys).toHaveLength(1);
	const [daves] = await arrivedDrops(dave.page);
	expect(daves!.keys).toEqual([]);
	expect(await openWithKeysSent(daves!)).toBeNull();
	const sentToDave = await dave.page.evaluate(() => window.__tap.text.filter((t) => /"key"/.test(t)));
	expect(sentToDave).toEqual([]);
});

test('burned before a view: the recipient holds ciphertext that no key it was ever sent opens', async ({
	openDevice
}) => {
	const { alice, bob, card } = await sealedInNewRoom(openDevice, (page) => sendPhoto(page, PHOTO));
	await outDrops(alice.page).first().getByTestId('burn').click();
	await expect(card).toHaveAttribute('data-state', 'burned');
	const [drop] = await arrivedDrops(bob.page);
	expect(drop!.chunks.length).toBeGreaterThan(0);
	// The app's own decryption module, with every key the sender ever sent this device.
	expect(await openWithKeysSent(drop!)).toBeNull();
	expect(drop!.keys).toEqual([]);
});

for (const [views, outcome] of [
	['1', 'neither of two holders can open it, and both say why'],
	['0', 'both holders can still open it once']
] as const) {
	test(`the sender's tab closes before a view, views = ${views === '0' ? 'unlimited' : views}: ${outcome}`, async ({
		openDevice
	}) => {
		const [alice, bob, carol] = await room(openDevice, 3);
		await alice.page.getByTestId('opt-views').selectOption(views);
		await sendPhoto(alice.page, PHOTO);
		for (const d of [bob, carol])
			await expect(inDrops(d.page).first()).toHaveAttribute('data-state', 'sealed');
		await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveCount(2);
		for (const r of await outDrops(alice.page).first().getByTestId('receipt').all()) {
			await expect(r).toHaveAttribute('data-status', 'delivered');
		}
		await alice.page.close();
		for (const d of [bob, carol]) {
			await expect(d.page.locator(`[data-testid="peer"][data-peer-name="${alice.name}"]`)).toHaveCount(0);
		}
		for (const d of [bob, carol]) {
			const card = inDrops(d.page).first();
			if (views === '1') {
				await expect(card).toHaveAttribute('data-state', 'expired');
				await expect(card).toContainText(`${alice.name} left before you opened it`);
				expect((await arrivedDrops(d.page))[0]!.keys).toEqual([]);
			} else {
				await viewOnce(d.page);
			}
		}
	});
}

/** Mallory's page sends a whole drop made in Node: sealed, with one ciphertext bit flipped after sealing. */
async function sendTampered(page: Page, id: string): Promise<string> {
	const plain = fixtureBytes('DSCN0010.jpg');
	const copy = describeCopy(id, plain.length, 'xchacha20poly1305');
	const key = newDropKey();
	const digest = new ChunkedDigest();
	const chunks = Array.from({ length: copy.chunks }, (_, i) => {
		const chunk = sealXChaChaChunk(key, copy, plain, i);
		if (i === 0) chunk[1000]! ^= 0x01;
		// The digest covers what is sent: the drop arrives whole, and only the seal can tell.
		digest.add(chunk);
		return Buffer.from(chunk).toString('base64');
	});
	const header = {
		t: 'drop',
		id,
		stream: 5,
		kind: 'photo',
		mime: 'image/jpeg',
		size: copy.size,
		salt: toBase64Url(copy.salt),
		cipher: copy.cipher,
		width: 640,
		height: 480,
		options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600000, caption: '' }
	};
	const end = { t: 'drop-end', id, stream: 5, sha256: await digest.hex() };
	await page.evaluate(
		({ header, chunks, end }) => {
			const ch = window.__tap.channels.find((c) => c.readyState === 'open')!;
			ch.send(JSON.stringify(header));
			for (const b64 of chunks) {
				const body = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
				const frame = new Uint8Array(4 + body.length);
				new DataView(frame.buffer).setUint32(0, header.stream);
				frame.set(body, 4);
				ch.send(frame);
			}
			ch.send(JSON.stringify(end));
		},
		{ header, chunks, end }
	);
	return toBase64Url(key);
}

test('a flipped ciphertext bit from a hostile sender: failed with an alert, never an image', async ({
	openDevice
}) => {
	const [bob, mallory] = await room(openDevice, 2);
	await expectPeer(mallory.page, await selfName(bob.page));
	await mallory.page.evaluate(() => (window.__tap.mute = true));
	const id = 'M'.repeat(22);
	const key = await sendTampered(mallory.page, id);
	const card = await sealedDrop(bob.page);
	await card.getByTestId('reveal').click();
	// Mallory's app hears nothing: the test answers Bob's view request with the key.
	await mallory.page.evaluate(
		({ id, key }) => {
			const ch = window.__tap.channels.find((c) => c.readyState === 'open')!;
			ch.send(JSON.stringify({ t: 'view-answer', id, granted: true, key }));
		},
		{ id, key }
	);
	await expect(card).toHaveAttribute('data-state', 'failed');
	await expect(bob.page.getByRole('alert').filter({ hasText: 'was changed on its way' })).toBeVisible();
	await expect(card.locator('canvas, img')).toHaveCount(0);
});
