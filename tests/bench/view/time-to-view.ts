/**
 * Bench 2: time to view, through the real app in two browser processes. From the file being
 * chosen on the sender to the sealed drop on the recipient (prepare, then transfer and verify),
 * and from the reveal click to the pixels on screen; each against a bare baseline in the same
 * browser: a single-pass worker preparation, and a decode-and-draw of a JPEG of the same size.
 */
import { DEFAULT_QUALITY } from '../../../src/lib/image/inspect-photo';
import type {} from '../pages/bench-api';
import { dropCard, openAppPage, pairUp, waitDropState } from '../support/app-room';
import { withTwoBrowsers } from '../support/chromium';
import { nthDropId, readTimeline, recordTimeline } from '../support/drop-timeline';
import { fixture, preparedSize } from '../support/fixtures';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';

export interface TimeToViewOptions {
	quick: boolean;
	appUrl: string;
	pagesUrl: string;
}

const PHOTO = fixture('HMD_Nokia_8.3_5G.jpg');

interface ViewRun {
	prepareMs: number;
	/** Sender `sending` to recipient `receiving`: the hash before sending and the header. */
	headerMs: number;
	transferMs: number;
	sealedMs: number;
	revealMs: number;
	basePrepareMs: number;
	baseViewMs: number;
	baseBytes: number;
}

export async function runTimeToView(opts: TimeToViewOptions) {
	const runs = opts.quick ? 1 : 5;
	const { width, height } = preparedSize(PHOTO);
	return withTwoBrowsers(async (browserA, browserB) => {
		// The baselines run in their own tabs of the same two browsers, set up before the room.
		const [baseA, baseB] = await Promise.all([browserA.newPage(), browserB.newPage()]);
		await Promise.all([
			baseA.goto(`${opts.pagesUrl}/photo-baselines.html`),
			baseB.goto(`${opts.pagesUrl}/photo-baselines.html`)
		]);
		await baseA.locator('#file').setInputFiles(PHOTO);
		const a = await openAppPage(browserA, opts.appUrl);
		const b = await openAppPage(browserB, opts.appUrl);
		await pairUp(a, b);
		await Promise.all([recordTimeline(a), recordTimeline(b)]);

		const results: ViewRun[] = [];
		for (let run = 0; run < runs; run++) {
			const base = await baseA.evaluate(
				([w, h, q]) => window.photoBaselines.prepare(w, h, q),
				[width, height, DEFAULT_QUALITY] as const
			);
			const jpeg = await baseA.evaluate(() => window.photoBaselines.lastPrepared());
			const baseViewMs = await baseB.evaluate((j) => window.photoBaselines.view(j), jpeg);

			await a.getByTestId('file-input').setInputFiles(PHOTO);
			const outId = await nthDropId(a, 'out', run);
			const inId = await nthDropId(b, 'in', run);
			await waitDropState(b, 'in', inId, ['sealed']);
			await dropCard(b, 'in', inId).getByTestId('reveal').click();
			await b.waitForFunction((id) => window.__benchTimeline?.drops[id]?.paintedAt !== undefined, inId);
			await dropCard(b, 'in', inId).getByTestId('close').click();
			await waitDropState(b, 'in', inId, ['destroyed']);
			await waitDropState(a, 'out', outId, ['done']);

			const [ta, tb] = await Promise.all([readTimeline(a), readTimeline(b)]);
			const out = ta.drops[outId]!;
			const inn = tb.drops[inId]!;
			const chosen = ta.chosenAt[run]!;
			const sending = out.states.sending!;
			results.push({
				prepareMs: sending - chosen,
				headerMs: inn.states.receiving! - sending,
				transferMs: inn.states.sealed! - sending,
				sealedMs: inn.states.sealed! - chosen,
				revealMs: inn.paintedAt! - tb.revealAt[run]!,
				basePrepareMs: base.ms,
				baseViewMs,
				baseBytes: base.bytes
			});
		}

		const col = (k: keyof ViewRun) => results.map((r) => r[k]);
		const prepareRatio = summarize(pairedRatios(col('prepareMs'), col('basePrepareMs')));
		const basePrepare = { name: 'single-pass worker', value: summarize(col('basePrepareMs')) };
		const rows: ResultRow[] = [
			{
				bench: 'view',
				name: 'prepare (chosen -> sending)',
				unit: 'ms',
				value: summarize(col('prepareMs')),
				baseline: basePrepare,
				ratio: prepareRatio,
				goal: { text: '<= 1.2x baseline', met: prepareRatio.median <= 1.2 }
			},
			{
				bench: 'view',
				name: 'transfer + verify (sending -> sealed)',
				unit: 'ms',
				value: summarize(col('transferMs'))
			},
			{
				bench: 'view',
				name: 'chosen -> sealed on recipient',
				unit: 'ms',
				value: summarize(col('sealedMs')),
				baseline: basePrepare,
				ratio: summarize(pairedRatios(col('sealedMs'), col('basePrepareMs')))
			},
			{
				bench: 'view',
				name: 'reveal -> pixels on screen',
				unit: 'ms',
				value: summarize(col('revealMs')),
				baseline: { name: 'decode + draw', value: summarize(col('baseViewMs')) },
				ratio: summarize(pairedRatios(col('revealMs'), col('baseViewMs')))
			}
		];
		return { rows, data: { photo: PHOTO, preparedSize: { width, height }, runs: results } };
	});
}
