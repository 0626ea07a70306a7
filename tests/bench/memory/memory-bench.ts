/**
 * Bench 5: memory. The recipient's JS heap (after full GCs) before any drop and after receiving,
 * viewing and destroying a run of photos through the real app; the sender's likewise once its
 * drops are done. Each point is the median of a few readings.
 */
import type { Page } from '@playwright/test';
import { openAppPage, pairUp, viewOneDrop } from '../support/app-room';
import { heapUsedAfterGc, withTwoBrowsers } from '../support/browsers';
import { recordTimeline } from '../support/drop-timeline';
import { fixturePath } from '../../support/fixtures';
import type { ResultRow } from '../support/results';
import { summarize, type Summary } from '../support/stats';

export interface MemoryBenchOptions {
	quick: boolean;
	appUrl: string;
}

const PHOTO = fixturePath('DSCN0010.jpg');
const READINGS = 3;
const GOAL_MB = 5;
const MB = 1024 * 1024;

async function heapMb(page: Page): Promise<Summary> {
	const readings: number[] = [];
	for (let i = 0; i < READINGS; i++) readings.push((await heapUsedAfterGc(page)) / MB);
	return summarize(readings);
}

function heapRow(
	who: string,
	photos: number,
	before: Summary,
	after: Summary,
	afterFirst: Summary
): ResultRow {
	const growth = after.median - before.median;
	const perPhoto = photos > 1 ? (after.median - afterFirst.median) / (photos - 1) : NaN;
	return {
		bench: 'memory',
		name: `${who} JS heap after ${photos} photos`,
		unit: 'MB',
		value: after,
		baseline: { name: 'before any drop', value: before },
		ratio: summarize([after.median / before.median]),
		goal: { text: `<= +${GOAL_MB} MB`, met: growth <= GOAL_MB },
		note: `growth ${growth.toFixed(2)} MB; after the first photo ${afterFirst.median.toFixed(2)} MB; then ${(perPhoto * 1024).toFixed(0)} KB per photo`
	};
}

export async function runMemoryBench(opts: MemoryBenchOptions) {
	const photos = opts.quick ? 3 : 20;
	return withTwoBrowsers(async (browserA, browserB) => {
		const a = await openAppPage(browserA, opts.appUrl);
		const b = await openAppPage(browserB, opts.appUrl);
		await pairUp(a, b);
		await Promise.all([recordTimeline(a), recordTimeline(b)]);
		const before = { sender: await heapMb(a), recipient: await heapMb(b) };
		let afterFirst = before;
		for (let n = 0; n < photos; n++) {
			await viewOneDrop(a, b, PHOTO, n, 'drawnAt');
			if (n === 0) afterFirst = { sender: await heapMb(a), recipient: await heapMb(b) };
		}
		const after = { sender: await heapMb(a), recipient: await heapMb(b) };
		const rows = [
			heapRow('recipient', photos, before.recipient, after.recipient, afterFirst.recipient),
			heapRow('sender', photos, before.sender, after.sender, afterFirst.sender)
		];
		return { rows, data: { photo: PHOTO, photos, before, afterFirst, after } };
	});
}
