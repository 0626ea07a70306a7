/**
 * The HEIC row of bench 2: the 12 MP iPhone fixture through the real app (chosen -> `sending`:
 * read, check the boxes, libheif loaded and run in the photo worker where the browser cannot
 * decode HEIC, scale, encode, hash), against a JPEG of the same picture and size through the
 * same app in the same browsers, interleaved with it.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDecodedHeic } from '../../../src/lib/image/heic-decode';
import { fixtureBytes, fixturePath } from '../../support/fixtures';
import { loadLibheifInNode } from '../../support/libheif-node';
import { viewOneDrop } from '../support/app-room';
import { readTimeline } from '../support/drop-timeline';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';

const HEIC = fixturePath('iphone_13_pro_max.HEIC');
const GOAL_MS = 2000;

/**
 * The HEIC's pixels (decoded upright by libheif in Node) encoded as a JPEG by `page`'s browser,
 * at the quality a camera uses: the same picture at the same 3024 × 4032 size.
 */
async function sameSizeJpeg(page: Page): Promise<{ path: string; width: number; height: number }> {
	const lib = await loadLibheifInNode();
	const { rgba, width, height } = await withDecodedHeic(
		lib,
		fixtureBytes('iphone_13_pro_max.HEIC'),
		async (p) => ({
			rgba: Buffer.from(p.data),
			width: p.width,
			height: p.height
		})
	);
	const url = `${new URL(page.url()).origin}/__bench-heic-pixels`;
	await page.route(url, (route) => route.fulfill({ body: rgba, contentType: 'application/octet-stream' }));
	const base64 = await page.evaluate(
		async ([u, w, h]) => {
			const data = new Uint8ClampedArray(await (await fetch(u)).arrayBuffer());
			const canvas = new OffscreenCanvas(w, h);
			canvas.getContext('2d')!.putImageData(new ImageData(data, w, h), 0, 0);
			const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let s = '';
			for (let i = 0; i < bytes.length; i += 0x8000)
				s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
			return btoa(s);
		},
		[url, width, height] as const
	);
	await page.unroute(url);
	const path = join(mkdtempSync(join(tmpdir(), 'vanishdrop-bench-')), 'same-size.jpg');
	writeFileSync(path, Buffer.from(base64, 'base64'));
	return { path, width, height };
}

/**
 * The decode alone, before and after it was shared: whole by one libheif, or tile by tile with
 * tile workers, alternating in fresh workers of `helper`'s browser; each ends with the encode.
 */
async function decodeBothWays(helper: Page, runs: number): Promise<{ whole: number[]; tiled: number[] }> {
	const page = await helper.context().browser()!.newPage();
	const whole: number[] = [];
	const tiled: number[] = [];
	try {
		await page.goto(`${new URL(helper.url()).origin}/heic-decode.html`);
		await page.locator('#file').setInputFiles(HEIC);
		for (let run = 0; run < runs; run++) {
			whole.push(await page.evaluate(() => window.heicDecode('whole')));
			tiled.push(await page.evaluate(() => window.heicDecode('tiled')));
		}
	} finally {
		await page.close();
	}
	return { whole, tiled };
}

/** Chosen -> `sending` on `a` for the `n`th drop of the page. */
async function prepareMs(a: Page, b: Page, photo: string, n: number): Promise<number> {
	const { outId } = await viewOneDrop(a, b, photo, n, 'drawnAt');
	const timeline = await readTimeline(a);
	return timeline.drops[outId]!.states.sending! - timeline.chosenAt[n]!;
}

/**
 * `runs` HEIC drops and as many same-size JPEG drops from `a` to `b`, alternating, numbered from
 * `firstDrop` (the drops the page has had before). `helper` is a tab that can make the JPEG.
 */
export async function runHeicPrepare(
	a: Page,
	b: Page,
	helper: Page,
	firstDrop: number,
	runs: number
): Promise<{ rows: ResultRow[]; data: object }> {
	const jpeg = await sameSizeJpeg(helper);
	const heicMs: number[] = [];
	const jpegMs: number[] = [];
	let n = firstDrop;
	for (let run = 0; run < runs; run++) {
		heicMs.push(await prepareMs(a, b, HEIC, n++));
		jpegMs.push(await prepareMs(a, b, jpeg.path, n++));
	}
	const decode = await decodeBothWays(helper, runs);
	const value = summarize(heicMs);
	const rows: ResultRow[] = [
		{
			bench: 'view',
			name: 'HEIC 12 MP, iPhone fixture: decode + prepare (chosen -> sending)',
			unit: 'ms',
			value,
			baseline: { name: `JPEG ${jpeg.width} × ${jpeg.height}, same picture`, value: summarize(jpegMs) },
			ratio: summarize(pairedRatios(heicMs, jpegMs)),
			goal: { text: `<= ${GOAL_MS} ms`, met: value.median <= GOAL_MS }
		},
		{
			bench: 'view',
			name: 'HEIC decode + encode in a worker, tiles shared with tile workers (the app)',
			unit: 'ms',
			value: summarize(decode.tiled),
			baseline: { name: 'decoded whole by one libheif (before)', value: summarize(decode.whole) },
			ratio: summarize(pairedRatios(decode.tiled, decode.whole))
		}
	];
	return { rows, data: { heicMs, jpegMs, decode, jpegSize: { width: jpeg.width, height: jpeg.height } } };
}
