import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, outDrops, room, sendPhoto, viewerSample } from './support/room-steps';
import { arrivedDrops, openWithKeysSent, plaintextRunsIn, sealedBytes } from './support/sealed-bytes';
import { walkJpeg } from '../../src/lib/image/jpeg-segments';
import { hasMetadata } from '../../src/lib/image/jpeg-metadata';
import { statSync } from 'node:fs';

const NOKIA = fixturePath('HMD_Nokia_8.3_5G.jpg');

test('two browsers: create, join, send, reveal once, destroyed', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await expectPeer(bob.page, alice.name);
	// On one network the bytes go straight between the devices.
	await expect(alice.page.getByTestId('peer')).toHaveAttribute('data-peer-route', 'direct');
	await expect(alice.page.getByTestId('peer-route')).toContainText('Direct connection');

	const wsBefore = alice.wsBytes() + bob.wsBytes();
	await sendPhoto(alice.page, NOKIA);

	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await expect(card).toContainText(`Photo from ${alice.name}`);
	await expect(card).toContainText('view once');
	// The sealed card carries no pixels at all.
	await expect(card.locator('img, canvas, picture, video')).toHaveCount(0);
	const receipt = outDrops(alice.page).first().getByTestId('receipt');
	await expect(receipt).toHaveAttribute('data-status', 'delivered');
	await expect(receipt).toHaveAttribute('data-peer-name', bob.name);

	// Before the view Bob holds only ciphertext, and no key for it.
	const [sealed] = await arrivedDrops(bob.page);
	expect(sealed!.keys).toEqual([]);
	const held = sealedBytes(sealed!);

	// Far less than the image crossed the server: only signaling.
	const wsDuringDrop = alice.wsBytes() + bob.wsBytes() - wsBefore;
	expect(wsDuringDrop).toBeLessThan(statSync(NOKIA).size * 0.05);
	expect(alice.wsBytes() + bob.wsBytes()).toBeLessThan(statSync(NOKIA).size * 0.05);

	await card.getByTestId('reveal').click();
	await expect(card).toHaveAttribute('data-state', 'viewing');
	const viewer = card.getByTestId('viewer');
	await expect(viewer).toBeVisible();
	const sample = await viewerSample(bob.page);
	expect(Math.max(sample.width, sample.height)).toBeLessThanOrEqual(2560);
	expect(sample.width).toBe(2560);
	expect(sample.height).toBeLessThan(sample.width);
	await expect(receipt).toHaveAttribute('data-status', 'viewed');
	await expect(viewer).toContainText(/\d+s/);

	// The exact bytes Bob was granted, opened with the one key he got: a JPEG with no metadata.
	const [granted] = await arrivedDrops(bob.page);
	expect(granted!.keys).toHaveLength(1);
	const bytes = Buffer.from((await openWithKeysSent(granted!))!);
	expect(bytes[0]).toBe(0xff);
	expect(bytes[1]).toBe(0xd8);
	// ...and what he held before the view shares no run of it.
	expect(plaintextRunsIn(held, bytes)).toEqual([]);
	expect(hasMetadata(new Uint8Array(bytes))).toBe(false);
	expect(bytes.includes(Buffer.from('Exif\0'))).toBe(false);
	const parts = [...walkJpeg(new Uint8Array(bytes))];
	expect(parts.some((p) => p.kind === 'broken' || p.kind === 'trailer')).toBe(false);
	const markers = parts.flatMap((p) => (p.kind === 'segment' ? [p.marker] : []));
	expect(markers.filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe)).toEqual([]);

	// Ten seconds, then gone.
	await expect(card).toHaveAttribute('data-state', 'destroyed', { timeout: 14_000 });
	await expect(card.getByTestId('viewer')).toHaveCount(0);
	await expect(card.getByTestId('reveal')).toHaveCount(0);
	await expect(receipt).toHaveAttribute('data-status', 'destroyed');
	await expect(outDrops(alice.page).first()).toHaveAttribute('data-state', 'done');

	// A reload keeps nothing.
	await bob.page.reload();
	await expect(bob.page.getByTestId('self-name')).toBeVisible();
	await expect(inDrops(bob.page)).toHaveCount(0);
	expect(
		alice.consoleErrors.concat(bob.consoleErrors).filter((e) => /Content Security Policy/.test(e))
	).toEqual([]);
});
