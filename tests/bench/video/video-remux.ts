import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../support/chromium';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';

const GOAL_RATIO = 1.5;

/**
 * A clip's remux against one read of its file, in Chromium: a 20 MB H.264 clip (10 s of 720p,
 * lossless, so that it is big) made with ffmpeg, read with `File.arrayBuffer()`, then remuxed
 * by the app's own `prepareVideo`. Each run is a fresh page, so neither is warmed by the other's
 * cache of the file more than a real choice would be.
 */
export async function runVideoRemux(o: { quick: boolean; pagesUrl: string }): Promise<{
	rows: ResultRow[];
	data: unknown;
}> {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-bench-video-'));
	const clip = join(dir, 'clip.mp4');
	const seconds = o.quick ? 1 : 10;
	execFileSync('ffmpeg', [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
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
	try {
		for (let i = 0; i < runs; i++) {
			const page = await browser.newPage();
			await page.goto(`${o.pagesUrl}/video-remux.html`);
			await page.locator('#file').setInputFiles(clip);
			const r = await page.evaluate(() => window.videoBench());
			reads.push(r.readMs);
			remuxes.push(r.remuxMs);
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
				name: `remux a ${mb} MB clip (mediabunny, tags dropped)`,
				unit: 'ms',
				value: summarize(remuxes),
				baseline: { name: 'read the file once', value: summarize(reads) },
				ratio,
				ratioOf: 'remux / read',
				goal: { text: `<= ${GOAL_RATIO}x read`, met: ratio.median <= GOAL_RATIO }
			}
		],
		data: { size, reads, remuxes }
	};
}
