import type { Browser, Page } from '@playwright/test';
import { nthDropId } from './drop-timeline';

/**
 * Functions handed to page.evaluate lose their helpers: tsx compiles named functions with calls
 * to esbuild's `__name`, which a page does not have. Every bench page gets a stand-in.
 */
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

/**
 * A fresh profile (context) and tab on the app, in one browser process. `serviceWorkers: 'block'`
 * keeps the app's offline precache (a background download of every file) out of a measurement.
 */
export async function openAppPage(
	browser: Browser,
	appUrl: string,
	{ serviceWorkers = 'allow', locale }: { serviceWorkers?: 'allow' | 'block'; locale?: string } = {}
): Promise<Page> {
	// `locale` is the browser's language: the server serves the page in it (Accept-Language).
	const context = await browser.newContext({
		baseURL: appUrl,
		serviceWorkers,
		...(locale ? { locale } : {})
	});
	await context.addInitScript(NAME_SHIM);
	return context.newPage();
}

async function waitFor(page: Page, selector: string, timeout = 30_000): Promise<void> {
	await page.locator(selector).first().waitFor({ state: 'attached', timeout });
}

/** Home page -> Create private room; returns the invitation link. */
export async function createRoom(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByTestId('create-room').click();
	await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	const link = await page.waitForFunction(() => {
		const input = document.querySelector<HTMLInputElement>('[data-testid="room-link"]');
		return input?.value.includes('#') ? input.value : false;
	});
	return (await link.jsonValue()) as string;
}

export async function selfName(page: Page): Promise<string> {
	const el = page.getByTestId('self-name');
	await page.waitForFunction(() => document.querySelector('[data-testid="self-name"]')?.textContent?.trim());
	return ((await el.textContent()) ?? '').trim();
}

/** Waits until `page` sees one peer, ready (data channel open and authenticated). */
export async function waitPeerReady(page: Page, timeout = 30_000): Promise<void> {
	await waitFor(page, '[data-testid="peer"][data-peer-state="ready"]', timeout);
}

/** Two devices in one private room, connected to each other. */
export async function pairUp(a: Page, b: Page): Promise<string> {
	const link = await createRoom(a);
	await b.goto(link);
	await Promise.all([waitPeerReady(a), waitPeerReady(b)]);
	return link;
}

/** The drop cards of one direction, newest first (the app lists new drops on top). */
export function dropCard(page: Page, direction: 'in' | 'out', id?: string) {
	const idPart = id ? `[data-drop-id="${id}"]` : '';
	return page.locator(`[data-testid="drop"][data-direction="${direction}"]${idPart}`);
}

export async function waitDropState(
	page: Page,
	direction: 'in' | 'out',
	id: string,
	states: readonly string[],
	timeout = 60_000
): Promise<void> {
	await page.waitForFunction(
		([dir, dropId, wanted]) => {
			const el = document.querySelector(
				`[data-testid="drop"][data-direction="${dir}"][data-drop-id="${dropId}"]`
			);
			return wanted.includes(el?.getAttribute('data-state') ?? '');
		},
		[direction, id, states] as const,
		{ timeout }
	);
}

/** How long a person's pointer rests on a button before the press, at the quickest. */
export const PERSON_PAUSE_MS = 150;

/**
 * How the reveal button is clicked:
 * - `person`: the pointer comes to rest on it, and the press follows `PERSON_PAUSE_MS` later, as
 *   a hand's would.
 * - `driver`: Playwright's own click, whose checks (the button is stable over two animation
 *   frames) run right before its press. They keep the page producing frames, so the frame after
 *   the click waits for the next vsync, and Chromium runs no other task (the key's message
 *   among them) until that frame is out. A loopback data-channel echo sent from a click handler
 *   came back in 2.2 ms after a rested pointer and 10.8 ms after the driver's click (one bare
 *   page, 20 clicks each).
 */
export type ClickPace = 'person' | 'driver';

/**
 * Chooses `photo` on `a`; on `b`, reveals the `n`th drop until its picture is `shown` (drawn, or
 * also painted), and closes it; resolves once both ends are done with it. Needs `recordTimeline`
 * on both pages.
 */
export async function viewOneDrop(
	a: Page,
	b: Page,
	photo: string,
	n: number,
	shown: 'drawnAt' | 'paintedAt',
	pace: ClickPace = 'person'
): Promise<{ outId: string; inId: string }> {
	await a.getByTestId('file-input').setInputFiles(photo);
	const outId = await nthDropId(a, 'out', n);
	const inId = await nthDropId(b, 'in', n);
	await waitDropState(b, 'in', inId, ['sealed']);
	const reveal = dropCard(b, 'in', inId).getByTestId('reveal');
	if (pace === 'person') {
		await reveal.hover();
		await b.waitForTimeout(PERSON_PAUSE_MS);
		// Hovered, visible and enabled a moment ago: the press needs no further checks.
		await reveal.click({ force: true });
	} else await reveal.click();
	await b.waitForFunction(([id, moment]) => window.__benchTimeline?.drops[id]?.[moment] !== undefined, [
		inId,
		shown
	] as const);
	await dropCard(b, 'in', inId).getByTestId('close').click();
	await waitDropState(b, 'in', inId, ['destroyed']);
	await waitDropState(a, 'out', outId, ['done']);
	return { outId, inId };
}
