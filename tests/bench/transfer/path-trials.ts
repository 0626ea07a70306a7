/**
 * One trial of the whole-path bench: a file chosen in the real app on device A until the drop is
 * `sealed` on device B, or the same file through one of the baseline loops between the two
 * devices' file-loops pages. Each device is one browser process holding both its pages; nothing
 * is closed between trials.
 */
import type { Browser, Page } from '@playwright/test';
import type { EncodeSettings, FileLoop } from '../pages/file-loops-api';
import { dropCard, openAppPage, pairUp } from '../support/app-room';
import { nthDropId, readTimeline, recordTimeline } from '../support/drop-timeline';
import { failOnPageError } from '../support/page-errors';

export interface Devices {
	/** The app, in a room of two. */
	a: Page;
	b: Page;
	/** The baselines' page in each of the same two browsers. */
	loopsA: Page;
	loopsB: Page;
}

/** Opens both pages on both devices, pairs the app and connects the loops' plain channel. */
export async function openDevices(
	browserA: Browser,
	browserB: Browser,
	appUrl: string,
	pagesUrl: string
): Promise<Devices> {
	const [loopsA, loopsB] = await Promise.all([
		openAppPage(browserA, pagesUrl),
		openAppPage(browserB, pagesUrl)
	]);
	await Promise.all([loopsA.goto('/file-loops.html'), loopsB.goto('/file-loops.html')]);
	const offer = await loopsA.evaluate(() => window.fileLoops.plainOffer());
	const answer = await loopsB.evaluate((o) => window.fileLoops.plainAnswer(o), offer);
	await loopsA.evaluate((ans) => window.fileLoops.plainAccept(ans), answer);
	await Promise.all([loopsA, loopsB].map((p) => p.evaluate(() => window.fileLoops.plainOpen())));
	const opts = { serviceWorkers: 'block' } as const;
	const a = await openAppPage(browserA, appUrl, opts);
	const b = await openAppPage(browserB, appUrl, opts);
	await pairUp(a, b);
	await Promise.all([recordTimeline(a), recordTimeline(b)]);
	// A hidden page ends views and is throttled: every page must be on screen for the whole run.
	for (const p of [a, b, loopsA, loopsB]) {
		const state = await p.evaluate(() => document.visibilityState);
		if (state !== 'visible') throw new Error(`a bench page is ${state}`);
	}
	return { a, b, loopsA, loopsB };
}

/** The app's quality option, through its own control. */
export async function chooseQuality(a: Page, quality: 'auto' | 'original'): Promise<void> {
	const select = a.getByTestId('opt-quality');
	if (!(await select.isVisible())) await a.locator('details.more > summary').click();
	await select.selectOption(quality);
}

export interface AppTiming {
	/** Chosen on A -> `sealed` on B. */
	ms: number;
	/**
	 * Chosen -> the card shows `sending`: preparation, then the first burst of chunks (the card
	 * renders once the writer first waits, at the 8 MiB high water or the end). NaN for a drop
	 * whose card went on screen only once its copy arrived (`CardsInWaiting`: a small one).
	 */
	prepareMs: number;
	/**
	 * Chosen -> the card shows up on B as `receiving` (its header arrived); a drop of one chunk,
	 * whose card waits for its bytes (`CardsInWaiting`), shows up `sealed`.
	 */
	headerMs: number;
	/** `sending` on A -> `sealed` on B (NaN as `prepareMs` is). */
	transferMs: number;
	/** The header's arrival -> `sealed` on B: the transfer, then the check of the digest. */
	receivingMs: number;
}

/** Waits until the card is in one of `states`, or gone from the page (folded into the history). */
async function waitStateOrGone(page: Page, dir: 'in' | 'out', id: string, states: readonly string[]) {
	await page.waitForFunction(
		([d, dropId, wanted]) => {
			const el = document.querySelector(
				`[data-testid="drop"][data-direction="${d}"][data-drop-id="${dropId}"]`
			);
			return !el || wanted.includes(el.getAttribute('data-state') ?? '');
		},
		[dir, id, states] as const,
		{ timeout: 60_000 }
	);
}

/**
 * The `n`th drop of the run (0-based): `file` chosen on A at the current quality, timed to
 * `sealed` on B. It is then burned from A, so that B holds nothing of it (its receive budget).
 */
export async function appTrial(d: Devices, file: string, n: number): Promise<AppTiming> {
	await d.a.getByTestId('file-input').setInputFiles(file);
	const outId = await nthDropId(d.a, 'out', n);
	const inId = await nthDropId(d.b, 'in', n);
	await waitStateOrGone(d.b, 'in', inId, ['sealed', 'failed']);
	const [ta, tb] = await Promise.all([readTimeline(d.a), readTimeline(d.b)]);
	const out = ta.drops[outId]!.states;
	const inn = tb.drops[inId]!.states;
	if (inn.sealed === undefined) throw new Error(`drop ${n} did not arrive sealed`);
	await dropCard(d.a, 'out', outId).getByTestId('burn').click();
	await waitStateOrGone(d.b, 'in', inId, ['burned']);
	await waitStateOrGone(d.a, 'out', outId, ['burned']);
	const chosen = ta.chosenAt[n]!;
	const shown = inn.receiving ?? inn.sealed;
	return {
		ms: inn.sealed - chosen,
		prepareMs: (out.sending ?? NaN) - chosen,
		headerMs: shown - chosen,
		transferMs: inn.sealed - (out.sending ?? NaN),
		receivingMs: inn.sealed - shown
	};
}

export interface LoopTiming {
	/** Chosen on A -> the last byte in on B. */
	ms: number;
	/** Chosen -> the bytes in hand on A (read, or encoded). */
	readyMs: number;
	/** What went over the channel. */
	bytes: number;
}

export async function loopTrial(
	d: Devices,
	loop: FileLoop,
	file: string,
	encode?: EncodeSettings
): Promise<LoopTiming> {
	await d.loopsB.evaluate((l) => window.fileLoops.armReceiver(l), loop);
	await d.loopsA.evaluate(([l, e]) => window.fileLoops.armSender(l, e ?? undefined), [
		loop,
		encode ?? null
	] as const);
	await d.loopsA.locator('#file').setInputFiles(file);
	const both = Promise.all([
		d.loopsA.evaluate(() => window.fileLoops.sent()),
		d.loopsB.evaluate(() => window.fileLoops.received())
	]);
	const [sent, at] = await failOnPageError(both, d.loopsB, () =>
		d.loopsB.evaluate(() => window.fileLoops.pageError())
	);
	return { ms: at - sent.chosenAt, readyMs: sent.readyAt - sent.chosenAt, bytes: sent.bytes };
}
