/**
 * Soak: a long session between two tabs (two Chromium processes) through the real app and a real
 * server in its own process. The sender chooses a photo in `file-input`, the recipient reveals and
 * closes each one (the default options), a thousand times. Each tab's JS heap after GC should end
 * within +5 MB of its start, and its element count within 1.5x of the count after the first 20
 * drops; the server's RSS is printed before and after.
 */
import type { Page } from '@playwright/test';
import { openAppPage, pairUp } from '../support/app-room';
import { startAppServerChild } from '../support/app-server-child';
import { withTwoBrowsers } from '../support/browsers';
import type { ResultRow } from '../support/results';
import { summarize } from '../support/stats';
import { readTab, type TabReading } from '../support/tab-readings';
import { fixturePath } from '../../support/fixtures';
import { soakRound, type SoakCursor } from './soak-round';

export interface SoakBenchOptions {
	quick: boolean;
}

const PHOTO = fixturePath('DSCN0010.jpg');
const EARLY = 20;
const HEAP_GOAL_MB = 5;
const DOM_GOAL = 1.5;
/** A point of the curves every this many drops. */
const EVERY = 100;

interface Point {
	drops: number;
	seconds: number;
	sender: TabReading;
	recipient: TabReading;
}

export interface SoakFigures {
	photo: string;
	drops: number;
	seconds: number;
	serverRssMb: { before: number; after: number };
	curve: Point[];
}

function heapRow(who: 'sender' | 'recipient', start: Point, end: Point): ResultRow {
	const [a, b] = [start[who].heapMb, end[who].heapMb];
	return {
		bench: 'soak',
		name: `${who} JS heap after ${end.drops} drops`,
		unit: 'MB',
		value: summarize([b]),
		baseline: { name: 'before any drop', value: summarize([a]) },
		ratio: summarize([b / a]),
		goal: { text: `<= +${HEAP_GOAL_MB} MB`, met: b - a <= HEAP_GOAL_MB },
		note: `growth ${(b - a).toFixed(2)} MB`
	};
}

function domRow(who: 'sender' | 'recipient', start: Point, early: Point, end: Point): ResultRow {
	const [e, b] = [early[who].domNodes, end[who].domNodes];
	return {
		bench: 'soak',
		name: `${who} DOM elements after ${end.drops} drops`,
		unit: 'nodes',
		value: summarize([b]),
		baseline: { name: `after ${early.drops} drops`, value: summarize([e]) },
		ratio: summarize([b / e]),
		goal: { text: `<= ${DOM_GOAL}x after ${early.drops}`, met: b <= DOM_GOAL * e },
		note: `before any drop ${start[who].domNodes}`
	};
}

function describe(p: Point): string {
	const tab = (t: TabReading) => `${t.heapMb.toFixed(2)} MB, ${t.domNodes} nodes`;
	return `after ${p.drops} drops (${p.seconds.toFixed(0)} s): sender ${tab(p.sender)}; recipient ${tab(p.recipient)}`;
}

async function point(a: Page, b: Page, drops: number, t0: number): Promise<Point> {
	const p = {
		drops,
		seconds: (Date.now() - t0) / 1000,
		sender: await readTab(a),
		recipient: await readTab(b)
	};
	console.log(`  ${describe(p)}`);
	return p;
}

export async function runSoakBench({
	quick
}: SoakBenchOptions): Promise<{ rows: ResultRow[]; data: SoakFigures }> {
	const drops = quick ? 30 : 1000;
	const server = await startAppServerChild();
	try {
		return await withTwoBrowsers(async (browserA, browserB) => {
			const a = await openAppPage(browserA, server.url, { serviceWorkers: 'block' });
			const b = await openAppPage(browserB, server.url, { serviceWorkers: 'block' });
			await pairUp(a, b);
			const rssBefore = server.rssMb();
			const t0 = Date.now();
			const curve = [await point(a, b, 0, t0)];
			let cursor: SoakCursor = { lastOut: null, lastIn: null };
			for (let n = 1; n <= drops; n++) {
				cursor = await soakRound(a, b, PHOTO, cursor);
				if (n === EARLY || n % EVERY === 0 || n === drops) curve.push(await point(a, b, n, t0));
			}
			const rssAfter = server.rssMb();
			console.log(`  server RSS ${rssBefore.toFixed(1)} MB before, ${rssAfter.toFixed(1)} MB after`);
			const [start, end] = [curve[0]!, curve.at(-1)!];
			const early = curve.find((p) => p.drops === EARLY)!;
			const rows: ResultRow[] = [
				heapRow('sender', start, end),
				heapRow('recipient', start, end),
				domRow('sender', start, early, end),
				domRow('recipient', start, early, end),
				{
					bench: 'soak',
					name: `server RSS after ${drops} drops`,
					unit: 'MB',
					value: summarize([rssAfter]),
					baseline: { name: 'before the first drop', value: summarize([rssBefore]) },
					ratio: summarize([rssAfter / rssBefore])
				}
			];
			const seconds = (Date.now() - t0) / 1000;
			return {
				rows,
				data: { photo: PHOTO, drops, seconds, serverRssMb: { before: rssBefore, after: rssAfter }, curve }
			};
		});
	} finally {
		await server.stop();
	}
}
