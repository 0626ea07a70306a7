import type { CDPSession } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { receivedDropBytes } from './support/channel-tap';
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
	const [bytes] = await receivedDropBytes(bob.page);
	// The test's own copies of the frames are not the app's: let them go before looking.
	await bob.page.evaluate(() => (window.__tap.binary = []));
	const cdp = await bob.page.context().newCDPSession(bob.page);
	await cdp.send('HeapProfiler.enable');

	// Sealed: the app holds the photo in one buffer of exactly its size (the search can see it).
	expect(await buffersOfSize(cdp, bytes!.length)).toBeGreaterThanOrEqual(1);

	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	expect(await buffersOfSize(cdp, bytes!.length)).toBe(0);
});
