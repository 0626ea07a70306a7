import type { CDPSession, Page } from '@playwright/test';
import { sealedSize } from '../../src/lib/crypto/drop-sealing';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { dropHeader, joinAsMember, sendFrames } from './support/hostile-member';
import { expectPeer, inDrops, room, sendPhoto, viewOnce } from './support/room-steps';

// Issue 12, finding 1: a member of the room tries to fill a recipient's memory, first with
// promises (headers of 50 MB with no bytes), then with real drops the recipient never opens.
// The hostile member is a real app page whose data channel the test writes on directly.

/** Any salt: the recipient can't tell one from another before the sender grants a key. */
const SALT = 'A'.repeat(22);

/** What the recipient's tab holds in array buffers, after a full garbage collection. */
async function bufferBytes(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	const usage = (await cdp.send('Runtime.getHeapUsage')) as { backingStorageSize?: number };
	if (typeof usage.backingStorageSize !== 'number') throw new Error('no backingStorageSize');
	return usage.backingStorageSize;
}

/** Headers of `size` bytes on streams from..to, and never a byte of them. */
async function promise(page: Page, from: number, to: number, size: number): Promise<void> {
	const headers: string[] = [];
	for (let stream = from; stream <= to; stream++) {
		headers.push(dropHeader({ id: `P${String(stream).padStart(21, '0')}`, stream, size, salt: SALT }));
	}
	await sendFrames(page, headers, 'first');
}

/** `count` whole drops of `size` bytes each, framed and hashed as an honest sender would. */
async function flood(page: Page, count: number, size: number): Promise<void> {
	const drops = Array.from({ length: count }, (_, i) => {
		const id = `F${String(i + 1).padStart(21, '0')}`;
		const stream = 1001 + i;
		return { id, stream, header: dropHeader({ id, stream, size, salt: SALT }) };
	});
	await page.evaluate(
		async ({ drops, size }) => {
			const ch = window.__tap.channels.find((c) => c.readyState === 'open')!;
			ch.bufferedAmountLowThreshold = 1 << 20;
			const drained = () =>
				new Promise<void>((resolve) =>
					ch.addEventListener('bufferedamountlow', () => resolve(), { once: true })
				);
			const bytes = new Uint8Array(size);
			for (let i = 0; i < size; i += 65536)
				crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
			const hex = (b: ArrayBuffer) =>
				[...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
			for (const [i, { id, stream, header }] of drops.entries()) {
				bytes[0] = (i + 1) & 0xff;
				// What an honest sender sends after the bytes: SHA-256 over each chunk's SHA-256.
				const chunkHashes = [];
				for (let at = 0; at < size; at += 65536) {
					chunkHashes.push(
						new Uint8Array(
							await crypto.subtle.digest('SHA-256', bytes.subarray(at, Math.min(size, at + 65536)))
						)
					);
				}
				const joined = new Uint8Array(32 * chunkHashes.length);
				chunkHashes.forEach((h, i) => joined.set(h, 32 * i));
				const sha256 = hex(await crypto.subtle.digest('SHA-256', joined));
				ch.send(header);
				for (let at = 0; at < size; at += 65536) {
					if (ch.bufferedAmount > 8 << 20) await drained();
					const part = bytes.subarray(at, Math.min(size, at + 65536));
					const frame = new Uint8Array(4 + part.length);
					new DataView(frame.buffer).setUint32(0, stream);
					frame.set(part, 4);
					ch.send(frame);
				}
				ch.send(JSON.stringify({ t: 'drop-end', id, stream, sha256 }));
			}
			while (ch.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 50));
		},
		{ drops, size }
	);
}

test('a member filling a recipient with promises and unopened drops is held to its budget', async ({
	openDevice
}) => {
	test.setTimeout(150_000);
	// Alice's tab is measured as it is: no test tap copies what arrives there.
	const devices = await room(openDevice, 2, [{ tap: false }, {}]);
	const [alice, carol] = devices;
	const cdp = await alice.page.context().newCDPSession(alice.page);
	const before = await bufferBytes(cdp);

	// Mallory, in the room with the link, stops listening to what Alice tells her.
	const malloryDevice = await openDevice();
	const mallory = await joinAsMember(malloryDevice.page, devices.link, alice);
	await malloryDevice.page.evaluate(() => (window.__tap.mute = true));

	// Sixty promises of 50 MB: two fit her budget of 100 MB, and take no memory; the rest are
	// refused, and she is told so.
	await promise(malloryDevice.page, 1, 60, sealedSize(49_000_000));
	const fromMallory = inDrops(alice.page).filter({ hasText: `Photo from ${mallory}` });
	await expect(
		alice.page.getByRole('alert').filter({ hasText: `${mallory} sent more photos than` })
	).toBeVisible();
	await expect(fromMallory).toHaveCount(2);
	await expect(fromMallory.first()).toHaveAttribute('data-state', 'receiving');
	expect(await bufferBytes(cdp)).toBeLessThan(before + 20_000_000);

	// A second hostile page sends 100 whole drops of 1 MB that Alice never opens.
	const eveDevice = await openDevice();
	const eve = await joinAsMember(eveDevice.page, devices.link, alice);
	await eveDevice.page.evaluate(() => (window.__tap.mute = true));
	await flood(eveDevice.page, 100, sealedSize(1_000_000));
	const fromEve = inDrops(alice.page).filter({ hasText: `Photo from ${eve}` });
	await expect(fromEve.and(alice.page.locator('[data-state="sealed"]'))).toHaveCount(20);
	await expect(fromEve).toHaveCount(20);
	await expect(
		alice.page.getByRole('alert').filter({ hasText: `${eve} sent more photos than` })
	).toBeVisible();
	// Eve broke no rule: she is refused, not cut off.
	await expectPeer(alice.page, eve, 'ready');
	// 20 MB kept unopened, not 100 MB, and no 200 MB for promises.
	expect(await bufferBytes(cdp)).toBeLessThan(before + 45_000_000);

	// Alice's tab and its other drops live on: Carol's photo arrives and opens.
	await sendPhoto(carol.page, fixturePath('DSCN0010.jpg'));
	const fromCarol = inDrops(alice.page).filter({ hasText: `Photo from ${carol.name}` });
	await expect(fromCarol).toHaveAttribute('data-state', 'sealed');
	await viewOnce(alice.page);
});
