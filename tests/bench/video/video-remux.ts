import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * finds a spare worker loaded; the first clip's worker loads mediabunny too, a row of its own.
 * Last, `prepareVideo` on the page itself (the fallback where no worker can do it). Each run is
 * a fresh page.
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
	const runs = o.quick ? 1 : 7;
	const browser = await launchChromium();
	const reads: number[] = [];
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
			firsts.push(r.firstMs);
			remuxes.push(r.nextMs);
			onPage.push(r.pageMs);
			await page.close();
		}
	} finally {
		await browser.close();
		rmSync(dir, { recursive: true, force: true });
	}
	const ratio = summarize(pairedRatios(remuxes, reads));
	const mb = (size / 1e6).toFixed(1);
	return {
		rows: [
			{
				bench: 'video',
				name: `remux a ${mb} MB clip in the video worker (mediabunny, tags dropped)`,
				unit: 'ms',
				value: summarize(remuxes),
				baseline: { name: 'read the file once', value: summarize(reads) },
				ratio,
				ratioOf: 'remux / read',
				goal: { text: `<= ${GOAL_RATIO}x read`, met: ratio.median <= GOAL_RATIO }
			},
			{
				bench: 'video',
				name: `the same, the page's first clip (the worker loads mediabunny first)`,
				unit: 'ms',
				value: summarize(firsts),
				baseline: { name: 'read the file once', value: summarize(reads) },
				ratio: summarize(pairedRatios(firsts, reads)),
				ratioOf: 'remux / read'
			},
			{
				bench: 'video',
				name: `the same on the page (no worker)`,
				unit: 'ms',
				value: summarize(onPage),
				baseline: { name: 'read the file once', value: summarize(reads) },
				ratio: summarize(pairedRatios(onPage, reads)),
				ratioOf: 'remux / read'
			}
		],
		data: { size, reads, remuxes, firsts, onPage }
	};
}
