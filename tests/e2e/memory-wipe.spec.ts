import type { CDPSession } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { plainSize } from '../../src/lib/crypto/drop-sealing';
import { arrivedDrops } from './support/sealed-bytes';
import { fixturePath } from '../support/fixtures';
import { inDrops, room, sendPhoto } from './support/room-steps';

/**
 * After a garbage collection, takes a V8 heap snapshot of the page (DevTools protocol, so the
 * app needs no hook) and counts the array-buffer backing stores of exactly `size` bytes.
 */
async function buffersOfSize(cdp: CDPSession, size: number): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	let json = '';
	const onChunk = (e: { chunk: string }) => (json += e.chunk);
	cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
	await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
	cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
	const snap = JSON.parse(json) as {
		snapshot: { meta: { node_fields: string[] } };
		nodes: number[];
		strings: string[];
	};
	const fields = snap.snapshot.meta.node_fields;
	const width = fields.length;
	const nameAt = fields.indexOf('name');
	const sizeAt = fields.indexOf('self_size');
	let count = 0;
	for (let i = 0; i < snap.nodes.length; i += width) {
		if (snap.nodes[i + sizeAt] !== size) continue;
		if (/ArrayBufferData|backing_store|ArrayBuffer/.test(snap.strings[snap.nodes[i + nameAt]!] ?? ''))
			count++;
	}
	return count;
}

test('after a view, the received buffer is gone from the recipient’s heap', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	const [drop] = await arrivedDrops(bob.page);
	// The app keeps each sealed chunk in the message it came in: the last one has a size of its own.
	const lastMessage = 4 + drop!.chunks.at(-1)!.length;
	const plain = plainSize(drop!.header.size)!;
	// The test's own copies of the frames are not the app's: let them go before looking.
	await bob.page.evaluate(() => (window.__tap.binary = []));
	const cdp = await bob.page.context().newCDPSession(bob.page);
	await cdp.send('HeapProfiler.enable');

	// Sealed: the app holds the ciphertext (the search can see it), and no plaintext yet.
	expect(await buffersOfSize(cdp, lastMessage)).toBeGreaterThanOrEqual(1);
	expect(await buffersOfSize(cdp, plain)).toBe(0);

	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	expect(await buffersOfSize(cdp, lastMessage)).toBe(0);
	expect(await buffersOfSize(cdp, plain)).toBe(0);
});
