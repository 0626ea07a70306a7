/**
 * Bench 4: page weight and start. Gzipped JS and CSS the home page loads, and what the room
 * page loads before the first drop (size budgets, not timings); then the time from navigating
 * to an invitation link to a ready peer, against a bare page connecting a bare RTCPeerConnection.
 */
import type { Browser, Page } from '@playwright/test';
import { generateRoomSecret, privateRoomKeys } from '#crypto/room-keys';
import type {} from '../pages/bench-api';
import { createRoom, openAppPage, waitPeerReady } from '../support/app-room';
import { withTwoBrowsers } from '../support/browsers';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';
import { AssetRecorder, gzipKb, type LoadedAsset } from './loaded-assets';

export interface PageWeightOptions {
	quick: boolean;
	appUrl: string;
	pagesUrl: string;
}

const HOME_BUDGET_KB = 40;
const ROOM_BUDGET_KB = 80;

declare global {
	interface Window {
		/** Milestones of a joining page, in ms since its navigation started. */
		__startMarks?: { roomShown?: number; peerListed?: number; peerReady?: number };
	}
}

interface StartTiming {
	domContentLoaded: number;
	/** The room page rendered (its file input exists)... */
	roomShown: number;
	/** ...the server's answer to the join listed the peer... */
	peerListed: number;
	/** ...and the data channel is open and authenticated. */
	peerReady: number;
}

/**
 * Assets a fresh profile loads for `visit`, once the page is quiet. Without the service
 * worker: its install downloads every file of the app in the background, which is not what a
 * page needs (and does not happen where the page is not a secure context).
 */
async function assetsOf(
	browser: Browser,
	appUrl: string,
	visit: (page: Page) => Promise<void>,
	locale?: string
) {
	const page = await openAppPage(browser, appUrl, { serviceWorkers: 'block', locale });
	const recorder = new AssetRecorder(page);
	try {
		await visit(page);
		await recorder.quiet();
		return await recorder.settled();
	} finally {
		await page.context().close();
	}
}

/** What a joining page logs once its peer is ready (the bench's page, not the app). */
const READY_TEXT = 'bench: peer ready';

/** Navigation start to a ready peer, in the joining page's own clock, with milestones. */
async function timeToReadyPeer(browser: Browser, appUrl: string, link: string): Promise<StartTiming> {
	const page = await openAppPage(browser, appUrl);
	try {
		await page.addInitScript((readyText) => {
			const marks: NonNullable<Window['__startMarks']> = {};
			window.__startMarks = marks;
			new MutationObserver(() => {
				if (document.querySelector('[data-testid="file-input"]')) marks.roomShown ??= performance.now();
				const peer = document.querySelector('[data-testid="peer"]');
				if (peer && marks.peerListed === undefined) marks.peerListed = performance.now();
				if (peer?.getAttribute('data-peer-state') === 'ready' && marks.peerReady === undefined) {
					marks.peerReady = performance.now();
					console.log(readyText);
				}
			}).observe(document, { subtree: true, childList: true, attributes: true });
		}, READY_TEXT);
		// The page says when its peer is ready. Nothing of Playwright's runs in it until then: a
		// locator's wait injects Playwright's selector engine into the page, about 25 ms of its
		// main thread (50 ms traced) just when the app starts, which no person's browser spends.
		await Promise.all([
			page.waitForEvent('console', { predicate: (msg) => msg.text() === READY_TEXT, timeout: 30_000 }),
			page.goto(link, { waitUntil: 'commit' })
		]);
		return await page.evaluate(() => {
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
			const marks = window.__startMarks!;
			return {
				domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
				roomShown: marks.roomShown ?? NaN,
				peerListed: marks.peerListed ?? NaN,
				peerReady: marks.peerReady!
			};
		});
	} finally {
		await page.context().close();
	}
}

/** The same, for a bare page whose plain RTCPeerConnection is answered by `host` through Node. */
async function timeToBareChannel(browser: Browser, host: Page, pagesUrl: string): Promise<number> {
	const page = await browser.newPage();
	try {
		await page.goto(`${pagesUrl}/transfer.html`);
		const offer = await page.evaluate(() => window.bench.plainOffer());
		const answer = await host.evaluate((o) => window.bench.plainAnswer(o), offer);
		await page.evaluate((a) => window.bench.plainAccept(a), answer);
		return await page.evaluate(async () => {
			await window.bench.plainOpen();
			return performance.now();
		});
	} finally {
		await host.evaluate(() => window.bench.close());
		await page.close();
	}
}

/**
 * The budgets: home page; room page without the photo preparation code, which must stay out of
 * the room page's own load (a dynamic import). The app fetches that code ahead of the first drop
 * once a peer is ready (a warm-up); the total with it is shown too.
 */
function sizeRows(home: LoadedAsset[], room: LoadedAsset[], roomInitial: LoadedAsset[]): ResultRow[] {
	const one = (v: number) => summarize([v]);
	const prep = room.filter((a) => a.preparation);
	const roomBeforeDrop = gzipKb(room.filter((a) => !a.preparation));
	const prepInInitial = roomInitial.some((a) => a.preparation);
	return [
		{
			bench: 'weight',
			name: 'home page JS+CSS (gzip)',
			unit: 'KB',
			value: one(gzipKb(home)),
			goal: { text: `<= ${HOME_BUDGET_KB} KB`, met: gzipKb(home) <= HOME_BUDGET_KB, budget: true }
		},
		{
			bench: 'weight',
			name: 'room page JS+CSS before first drop, preparation excluded (gzip)',
			unit: 'KB',
			value: one(roomBeforeDrop),
			goal: { text: `<= ${ROOM_BUDGET_KB} KB`, met: roomBeforeDrop <= ROOM_BUDGET_KB, budget: true }
		},
		{
			bench: 'weight',
			name: 'photo preparation code (gzip), split out of the room page load',
			unit: 'KB',
			value: one(gzipKb(prep)),
			goal: { text: 'not in room page load', met: !prepInInitial, budget: true },
			note:
				prep.length > 0
					? `fetched before the first drop by the warm-up once a peer is ready: ${prep.map((a) => a.path).join(', ')}`
					: 'not fetched before the first drop'
		},
		{
			bench: 'weight',
			name: 'room page JS+CSS before first drop, with the warm-up (gzip)',
			unit: 'KB',
			value: one(gzipKb(room))
		}
	];
}

/** The other interface languages: each is a build of its own, with its own words. */
const OTHER_LOCALES = ['de', 'es', 'fr', 'pt-BR', 'ar'] as const;

/** The two budgets again, for a page in `locale` (its messages are the only ones it loads). */
async function localeRows(browser: Browser, appUrl: string, link: string): Promise<ResultRow[]> {
	const rows: ResultRow[] = [];
	for (const locale of OTHER_LOCALES) {
		const home = gzipKb(await assetsOf(browser, appUrl, (p) => p.goto('/').then(() => undefined), locale));
		const room = await assetsOf(
			browser,
			appUrl,
			async (p) => {
				await p.goto(link);
				await waitPeerReady(p);
			},
			locale
		);
		const roomKb = gzipKb(room.filter((a) => !a.preparation));
		rows.push(
			{
				bench: 'weight',
				name: `home page JS+CSS (gzip), ${locale}`,
				unit: 'KB',
				value: summarize([home]),
				goal: { text: `<= ${HOME_BUDGET_KB} KB`, met: home <= HOME_BUDGET_KB, budget: true }
			},
			{
				bench: 'weight',
				name: `room page JS+CSS before first drop, preparation excluded (gzip), ${locale}`,
				unit: 'KB',
				value: summarize([roomKb]),
				goal: { text: `<= ${ROOM_BUDGET_KB} KB`, met: roomKb <= ROOM_BUDGET_KB, budget: true }
			}
		);
	}
	return rows;
}

export async function runPageWeight(opts: PageWeightOptions) {
	// 15 pairs: a run of 7 moved its median ratio by 0.2 from one run to the next (its spread
	// within a run is 0.5-2.2x), and a pair takes under 2 s.
	const runs = opts.quick ? 1 : 15;
	return withTwoBrowsers(async (browserA, browserB) => {
		const host = await openAppPage(browserA, opts.appUrl);
		const link = await createRoom(host);

		const home = await assetsOf(browserB, opts.appUrl, (p) => p.goto('/').then(() => undefined));
		// The room page alone (nobody else there yet), then the room page once a peer is ready.
		const secret = generateRoomSecret();
		const roomInitial = await assetsOf(browserB, opts.appUrl, async (p) => {
			await p.goto(`/r/${privateRoomKeys(secret).roomId}#${secret}`);
			await p.getByTestId('file-input').waitFor({ state: 'attached' });
		});
		const room = await assetsOf(browserB, opts.appUrl, async (p) => {
			await p.goto(link);
			await waitPeerReady(p);
		});

		// Start: navigation to a ready peer, against a bare page and a bare connection.
		const bareHost = await browserA.newPage();
		await bareHost.goto(`${opts.pagesUrl}/transfer.html`);
		const ready: StartTiming[] = [];
		const bare: number[] = [];
		for (let i = 0; i < runs; i++) {
			bare.push(await timeToBareChannel(browserB, bareHost, opts.pagesUrl));
			ready.push(await timeToReadyPeer(browserB, opts.appUrl, link));
		}

		const readyMs = ready.map((t) => t.peerReady);
		const readyRatio = summarize(pairedRatios(readyMs, bare));
		const mid = (k: keyof StartTiming) => summarize(ready.map((t) => t[k])).median.toFixed(0);
		const rows: ResultRow[] = [
			...sizeRows(home, room, roomInitial),
			...(await localeRows(browserB, opts.appUrl, link)),
			{
				bench: 'weight',
				name: 'navigation -> ready peer (loopback)',
				unit: 'ms',
				value: summarize(readyMs),
				baseline: { name: 'bare page + bare RTCPeerConnection', value: summarize(bare) },
				ratio: readyRatio,
				goal: { text: '<= 1.5x bare', met: readyRatio.median <= 1.5 },
				note: `medians: DOMContentLoaded ${mid('domContentLoaded')} ms, room shown ${mid('roomShown')} ms, peer listed ${mid('peerListed')} ms`
			}
		];
		return { rows, data: { assets: { home, roomInitial, room }, start: ready, bareMs: bare } };
	});
}
