/**
 * A full room: 20 devices (one Chromium process each) in one private room, every pair `ready`,
 * then one photo from the first device to the 19 others. Prints the time from the sender's
 * `sending` to the last recipient's `sealed` against 19 times one transfer of the same photo
 * (a room of two, the same browsers, measured in the same run while the big room idles), and
 * the sender's peak JS heap (plus ArrayBuffer stores) sampled over CDP during the send, in
 * copies of the photo it holds for the drop.
 */
import type { Page } from '@playwright/test';
import { openAppPage, pairUp } from '../support/app-room';
import { startAppServerChild } from '../support/app-server-child';
import { nthDropId, readTimeline, recordTimeline } from '../support/drop-timeline';
import type { ResultRow } from '../support/results';
import { summarize } from '../support/stats';
import { heapWithBuffersAfterGcMb, sampleHeap } from '../support/tab-readings';
import { fixturePath } from '../../support/fixtures';
import { bytesIn, fullRoom } from './room-devices';

export interface FullRoomOptions {
	quick: boolean;
}

const PHOTO = fixturePath('HMD_Nokia_8.3_5G.jpg');
const SINGLE_TRIALS = 5;

/** Ms from the sender's card showing `sending` to the recipient's `sealed`, for drop `n` of each. */
async function sendingToSealed(sender: Page, recipients: Page[], n: number): Promise<number[]> {
	const outId = await nthDropId(sender, 'out', n, 120_000);
	const sealedAt = await Promise.all(
		recipients.map(async (r) => {
			const inId = await nthDropId(r, 'in', n, 120_000);
			await r.waitForFunction((id) => window.__benchTimeline?.drops[id]?.states.sealed !== undefined, inId, {
				timeout: 300_000,
				polling: 100
			});
			return (await readTimeline(r)).drops[inId]!.states.sealed!;
		})
	);
	const sendingAt = (await readTimeline(sender)).drops[outId]!.states.sending!;
	return sealedAt.map((t) => t - sendingAt);
}

/** One transfer of the photo, in a room of two made in new tabs of the first two browsers. */
async function singleTransfers(room: Awaited<ReturnType<typeof fullRoom>>['devices'], appUrl: string) {
	const [a, b] = await Promise.all(
		room.browsers.slice(0, 2).map((br) => openAppPage(br, appUrl, { serviceWorkers: 'block' }))
	);
	try {
		await pairUp(a!, b!);
		await Promise.all([recordTimeline(a!), recordTimeline(b!)]);
		const ms: number[] = [];
		for (let n = 0; n < SINGLE_TRIALS; n++) {
			await a!.getByTestId('file-input').setInputFiles(PHOTO);
			ms.push(...(await sendingToSealed(a!, [b!], n)));
		}
		return ms;
	} finally {
		await Promise.all([a!.context().close(), b!.context().close()]);
	}
}

export async function runFullRoom({ quick }: FullRoomOptions) {
	const count = quick ? 4 : 20;
	const server = await startAppServerChild();
	try {
		const { devices, readySeconds } = await fullRoom(server.url, count, quick ? 120_000 : 600_000);
		try {
			console.log(`  ${count} devices, every pair ready after ${readySeconds.toFixed(1)} s`);
			const single = await singleTransfers(devices, server.url);
			const one = summarize(single);
			console.log(`  one transfer: ${single.map((t) => t.toFixed(0)).join(', ')} ms`);
			const [sender, ...recipients] = devices.pages;
			await Promise.all(devices.pages.map(recordTimeline));
			const heldBefore = await heapWithBuffersAfterGcMb(sender!);
			const sampler = await sampleHeap(sender!, 100);
			await sender!.getByTestId('file-input').setInputFiles(PHOTO);
			const times = await sendingToSealed(sender!, recipients, 0);
			const { peakMb, samples } = await sampler.stop();
			const heldAfter = await heapWithBuffersAfterGcMb(sender!);
			const all = Math.max(...times);
			// One recipient's bytes in: the sealed copy as it went (chunk headers included).
			const copyMb = (await bytesIn(recipients[0]!)) / (1024 * 1024);
			console.log(
				`  to all ${recipients.length} sealed: ${all.toFixed(0)} ms (${recipients.length} x one: ${(recipients.length * one.median).toFixed(0)} ms); sender heap+buffers ${heldBefore.toFixed(1)} MB before, peak ${peakMb.toFixed(1)} MB, ${heldAfter.toFixed(1)} MB held after (the drop's copy as sent: ${copyMb.toFixed(2)} MB)`
			);
			const rows: ResultRow[] = [
				{
					bench: 'room',
					name: `${count} devices: sending -> all ${recipients.length} sealed`,
					unit: 'ms',
					value: summarize([all]),
					baseline: {
						name: `${recipients.length} x one transfer`,
						value: summarize([recipients.length * one.median])
					},
					ratio: summarize([all / (recipients.length * one.median)]),
					note: `one transfer ${one.median.toFixed(0)} ms [${one.min.toFixed(0)}–${one.max.toFixed(0)}] (${SINGLE_TRIALS} runs); first sealed ${Math.min(...times).toFixed(0)} ms; every pair ready after ${readySeconds.toFixed(1)} s`
				},
				{
					bench: 'room',
					name: `${count} devices: sender peak JS heap + buffers during the send`,
					unit: 'MB',
					value: summarize([peakMb]),
					baseline: { name: 'after GC before the drop', value: summarize([heldBefore]) },
					ratio: summarize([peakMb / heldBefore]),
					note: `peak - before = ${(peakMb - heldBefore).toFixed(1)} MB = ${((peakMb - heldBefore) / copyMb).toFixed(1)} copies of ${copyMb.toFixed(2)} MB (one recipient's bytes in); held after GC once sealed ${heldAfter.toFixed(1)} MB; ${samples.length} samples`
				}
			];
			return {
				rows,
				data: { photo: PHOTO, count, readySeconds, single, times, heldBefore, heldAfter, peakMb, samples }
			};
		} finally {
			await devices.close();
		}
	} finally {
		await server.stop();
	}
}
