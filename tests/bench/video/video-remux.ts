import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpeg } from '../../support/ffmpeg';
import { launchChromium } from '../../support/chromium';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';

const GOAL_RATIO = 1.5;

/**
 * A clip's remux against one read of its file, in Chromium: a 20 MB H.264 clip (10 s of 720p,
 * lossless, so that it is big) made with ffmpeg, read with `File.arrayBuffer()`, then remuxed
 * the app's way (`prepareVideoInWorker`): the goal row is a clip after the page's first, which
 * finds a spare worker loaded, against a read in the same kind of context (a worker started
 * before, the file posted in, the bytes transferred out) taken while no other worker runs
 * (before the page's first clip, whose end starts the spare worker loading); the same remux against
 * the page's own first read of the file is a row too. The first clip's worker loads mediabunny
 * too, a row of its own. Last, `prepareVideo` on the page itself (the fallback where no worker
 * can do it), against the page's read. Each run is a fresh page.
 */
export async function runVideoRemux(o: { quick: boolean; pagesUrl: string }): Promise<{
	rows: ResultRow[];
	data: unknown;
}> {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-bench-video-'));
	const clip = join(dir, 'clip.mp4');
	const seconds = o.quick ? 1 : 10;
	ffmpeg([
		'-f',
		'lavfi',
		'-i',
		`testsrc2=size=1280x720:rate=30:duration=${seconds}`,
		'-c:v',
		'libx264',
		'-preset',
		'ultrafast',
		'-qp',
		'0',
		'-pix_fmt',
		'yuv420p',
		clip
	]);
	const size = statSync(clip).size;
	// The machine is shared: the load before and after says how far to trust the figures.
	const loadBefore = loadavg();
	const runs = o.quick ? 1 : 7;
	const browser = await launchChromium();
	const reads: number[] = [];
	const workerReads: number[] = [];
	const remuxes: number[] = [];
	const onPage: number[] = [];
	const firsts: number[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			const page = await browser.newPage();
			await page.goto(`${o.pagesUrl}/video-remux.html`);
			await page.locator('#file').setInputFiles(clip);
			const r = await page.evaluate(() => window.videoBench());
			reads.push(r.readMs);
			workerReads.push(r.workerReadMs);
			firsts.push(r.firstMs);
			remuxes.push(r.nextMs);
			onPage.push(r.pageMs);
			await page.close();
		}
	} finally {
		await browser.close();
		rmSync(dir, { recursive: true, force: true });
	}
	const ratio = summarize(pairedRatios(remuxes, workerReads));
	const mb = (size / 1e6).toFixed(1);
	const workerRead = { name: 'read the file once in a worker', value: summarize(workerReads) };
	const pageRead = { name: 'read the file once on the page', value: summarize(reads) };
	return {
		rows: [
			{
				bench: 'video',
				name: `remux a ${mb} MB clip in the video worker (mediabunny, tags dropped)`,
				unit: 'ms',
				value: summarize(remuxes),
				baseline: workerRead,
				ratio,
				ratioOf: 'remux / read',
				goal: { text: `<= ${GOAL_RATIO}x read`, met: ratio.median <= GOAL_RATIO }
			},
			{
				bench: 'video',
				name: `the same, against the page's first read of the file`,
				unit: 'ms',
				value: summarize(remuxes),
				baseline: pageRead,
				ratio: summarize(pairedRatios(remuxes, reads)),
				ratioOf: 'remux / read'
			},
			{
				bench: 'video',
				name: `the same, the page's first clip (the worker loads mediabunny first)`,
				unit: 'ms',
				value: summarize(firsts),
				baseline: workerRead,
				ratio: summarize(pairedRatios(firsts, workerReads)),
				ratioOf: 'remux / read'
			},
			{
				bench: 'video',
				name: `the same on the page (no worker)`,
				unit: 'ms',
				value: summarize(onPage),
				baseline: pageRead,
				ratio: summarize(pairedRatios(onPage, reads)),
				ratioOf: 'remux / read'
			}
		],
		data: {
			size,
			reads,
			workerReads,
			remuxes,
			firsts,
			onPage,
			load: { before: loadBefore, after: loadavg() }
		}
	};
}
