/**
 * Bench: time to a ready peer, by link and by code. A link opened on a fresh tab until both
 * devices show each other ready; against a code room's code typed on the home page (Join
 * clicked) until the same: the code room adds the nameplate's room, the PAKE chunk's load and
 * one more round trip through the server before the WebRTC offer.
 */
import type { Browser, Page } from '@playwright/test';
import { createRoom, openAppPage, waitPeerReady } from '../support/app-room';
import { withTwoBrowsers } from '../support/browsers';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';

export interface TimeToReadyOptions {
	quick: boolean;
	appUrl: string;
}

/** Home page -> Create code room; the code shown once the room is joined. */
async function createCodeRoom(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByTestId('create-code-room').click();
	const code = await page.waitForFunction(() => {
		const text = document.querySelector('[data-testid="room-code"]')?.textContent?.trim() ?? '';
		return /^[1-9][0-9]*-[a-z]+-[a-z]+$/.test(text) ? text : false;
	});
	await page.waitForSelector('[data-testid="self-name"][data-settled="true"]');
	return (await code.jsonValue()) as string;
}

async function bothReady(a: Page, b: Page): Promise<void> {
	await Promise.all([waitPeerReady(a), waitPeerReady(b)]);
}

async function byLink(browserA: Browser, browserB: Browser, appUrl: string): Promise<number> {
	const a = await openAppPage(browserA, appUrl, { serviceWorkers: 'block' });
	const b = await openAppPage(browserB, appUrl, { serviceWorkers: 'block' });
	const link = await createRoom(a);
	const t0 = performance.now();
	await b.goto(link);
	await bothReady(a, b);
	const ms = performance.now() - t0;
	await Promise.all([a.context().close(), b.context().close()]);
	return ms;
}

async function byCode(browserA: Browser, browserB: Browser, appUrl: string): Promise<number> {
	const a = await openAppPage(browserA, appUrl, { serviceWorkers: 'block' });
	const b = await openAppPage(browserB, appUrl, { serviceWorkers: 'block' });
	const code = await createCodeRoom(a);
	await b.goto('/');
	await b.getByTestId('code-input').fill(code);
	const t0 = performance.now();
	await b.getByTestId('join-code').click();
	await bothReady(a, b);
	const ms = performance.now() - t0;
	await Promise.all([a.context().close(), b.context().close()]);
	return ms;
}

export async function runTimeToReady(opts: TimeToReadyOptions) {
	const runs = opts.quick ? 1 : 5;
	return withTwoBrowsers(async (browserA, browserB) => {
		// One of each first, unmeasured: the browsers' caches and the server's first modules.
		await byLink(browserA, browserB, opts.appUrl);
		await byCode(browserA, browserB, opts.appUrl);
		const link: number[] = [];
		const code: number[] = [];
		for (let run = 0; run < runs; run++) {
			link.push(await byLink(browserA, browserB, opts.appUrl));
			code.push(await byCode(browserA, browserB, opts.appUrl));
		}
		const ratio = summarize(pairedRatios(code, link));
		const rows: ResultRow[] = [
			{
				bench: 'join',
				name: 'code typed -> both ready (code room, PAKE)',
				unit: 'ms',
				value: summarize(code),
				baseline: { name: 'link opened -> both ready', value: summarize(link) },
				ratio,
				goal: { text: '<= 1.5x link', met: ratio.median <= 1.5 }
			}
		];
		return { rows, data: { linkMs: link, codeMs: code } };
	});
}
