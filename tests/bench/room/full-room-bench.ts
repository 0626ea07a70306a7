/**
 * A full room: 20 devices (one Chromium process each) in one private room, every pair `ready`,
 * then one photo from the first device to the 19 others, with the default options and again
 * watermarked per recipient. Prints the time from the sender's `sending` to the last recipient's
 * `sealed` against 19 times one transfer of the same photo (a room of two in the same browsers,
 * measured in the same run while the big room idles), and the sender's peak memory during the
 * send: its JS heap with ArrayBuffer stores (CDP) and its renderer processes' RSS (/proc).
 */
import type { Page } from '@playwright/test';
import { openAppPage, pairUp } from '../support/app-room';
import { startAppServerChild } from '../support/app-server-child';
import { nthDropId, readTimeline, recordTimeline } from '../support/drop-timeline';
import type { ResultRow } from '../support/results';
import { summarize, type Summary } from '../support/stats';
import { heapWithBuffersAfterGcMb } from '../support/tab-readings';
import { fixturePath } from '../../support/fixtures';
import { bytesIn, fullRoom, type RoomDevices } from './room-devices';
import { sampleSender } from './sender-sampler';

export interface FullRoomOptions {
	quick: boolean;
}

const PHOTO = fixturePath('HMD_Nokia_8.3_5G.jpg');
const SINGLE_TRIALS = 5;
const MB = 1024 * 1024;

/** Ms from the sender's card showing `sending` to each recipient's `sealed`, for drop `n` of each. */
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
async function singleTransfers(room: RoomDevices, appUrl: string): Promise<number[]> {
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

interface SendFigures {
	watermark: boolean;
	/** Sending -> sealed, per recipient. */
	times: number[];
	heldBeforeMb: number;
	peakHeapMb: number;
	rendererRssBeforeMb: number;
	peakRssMb: number;
	/** One recipient's bytes in for this drop: the sealed copy as it went. */
	copyMb: number;
}

/** Drop `n` from the room's first device to all the others, sampled on the way. */
async function sendToAll(room: RoomDevices, n: number, watermark: boolean): Promise<SendFigures> {
	const [sender, ...recipients] = room.pages as [Page, ...Page[]];
	const option = sender.getByTestId('opt-watermark');
	if (!(await option.isVisible())) await sender.getByText('More options').click();
	await option.setChecked(watermark);
	const bytesBefore = await bytesIn(recipients[0]!);
	const heldBeforeMb = await heapWithBuffersAfterGcMb(sender);
	const sampler = await sampleSender(room.browsers[0]!, sender, 50);
	await sender.getByTestId('file-input').setInputFiles(PHOTO);
	const times = await sendingToSealed(sender, recipients, n);
	const { peakHeapMb, peakRssMb, firstRssMb } = await sampler.stop();
	const copyMb = ((await bytesIn(recipients[0]!)) - bytesBefore) / MB;
	const f = {
		watermark,
		times,
		heldBeforeMb,
		peakHeapMb,
		rendererRssBeforeMb: firstRssMb,
		peakRssMb,
		copyMb
	};
	console.log(
		`  ${watermark ? 'watermarked' : 'default options'}: all ${times.length} sealed after ${Math.max(...times).toFixed(0)} ms; sender heap+buffers ${heldBeforeMb.toFixed(1)} MB before, peak ${peakHeapMb.toFixed(1)} MB; renderer RSS ${firstRssMb.toFixed(0)} MB at the start, peak ${peakRssMb.toFixed(0)} MB; one copy as sent ${copyMb.toFixed(2)} MB`
	);
	return f;
}

function timeRow(count: number, f: SendFigures, one: Summary, readySeconds: number): ResultRow {
	const all = Math.max(...f.times);
	const k = f.times.length;
	return {
		bench: 'room',
		name: `${count} devices${f.watermark ? ', watermarked' : ''}: sending -> all ${k} sealed`,
		unit: 'ms',
		value: summarize([all]),
		baseline: { name: `${k} x one transfer`, value: summarize([k * one.median]) },
		ratio: summarize([all / (k * one.median)]),
		note: `one transfer (default options) ${one.median.toFixed(0)} ms [${one.min.toFixed(0)}–${one.max.toFixed(0)}], ${SINGLE_TRIALS} runs; first sealed ${Math.min(...f.times).toFixed(0)} ms; every pair ready after ${readySeconds.toFixed(1)} s`
	};
}

function memoryRow(count: number, f: SendFigures): ResultRow {
	const copies = (f.peakHeapMb - f.heldBeforeMb) / f.copyMb;
	return {
		bench: 'room',
		name: `${count} devices${f.watermark ? ', watermarked' : ''}: sender peak JS heap + buffers`,
		unit: 'MB',
		value: summarize([f.peakHeapMb]),
		baseline: { name: 'after GC before the drop', value: summarize([f.heldBeforeMb]) },
		ratio: summarize([f.peakHeapMb / f.heldBeforeMb]),
		note: `peak - before = ${copies.toFixed(1)} copies of ${f.copyMb.toFixed(2)} MB; renderer RSS ${f.rendererRssBeforeMb.toFixed(0)} -> peak ${f.peakRssMb.toFixed(0)} MB`
	};
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
			await Promise.all(devices.pages.map(recordTimeline));
			const sends = [await sendToAll(devices, 0, false), await sendToAll(devices, 1, true)];
			const rows = sends.flatMap((f) => [timeRow(count, f, one, readySeconds), memoryRow(count, f)]);
			return { rows, data: { photo: PHOTO, count, readySeconds, single, sends } };
		} finally {
			await devices.close();
		}
	} finally {
		await server.stop();
	}
}
