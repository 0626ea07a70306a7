import type { Page } from '@playwright/test';

/** When each drop card first showed each state, in ms since the epoch (comparable across browsers). */
export interface DropTimeline {
	direction: string;
	states: Record<string, number>;
	/** The viewer's canvas got its pixels (`data-drawn="true"`)... */
	drawnAt?: number;
	/** ...and the frame holding them was produced. */
	paintedAt?: number;
}

export interface PageTimeline {
	/** Files chosen in `file-input`. */
	chosenAt: number[];
	/** Clicks on a `reveal` button. */
	revealAt: number[];
	drops: Record<string, DropTimeline>;
	/** Drop ids in the order they appeared. */
	order: string[];
}

declare global {
	interface Window {
		__benchTimeline?: PageTimeline;
	}
}

/**
 * Watches the UI contract from inside the page: a MutationObserver notes the moment each drop
 * card changes state, capture listeners note file choices and reveal clicks. `performance.now()`
 * plus the time origin gives times that two browser processes on one machine can compare.
 */
export async function recordTimeline(page: Page): Promise<void> {
	await page.evaluate(() => {
		if (window.__benchTimeline) return;
		const now = () => performance.timeOrigin + performance.now();
		const t: PageTimeline = { chosenAt: [], revealAt: [], drops: {}, order: [] };
		window.__benchTimeline = t;
		document.addEventListener(
			'change',
			(e) => {
				if (e.target instanceof Element && e.target.matches('[data-testid="file-input"]'))
					t.chosenAt.push(now());
			},
			true
		);
		document.addEventListener(
			'click',
			(e) => {
				if (e.target instanceof Element && e.target.closest('[data-testid="reveal"]')) t.revealAt.push(now());
			},
			true
		);
		new MutationObserver(() => {
			const at = now();
			for (const el of document.querySelectorAll('[data-testid="drop"]')) {
				const id = el.getAttribute('data-drop-id');
				if (!id) continue;
				let d = t.drops[id];
				if (!d) {
					d = { direction: el.getAttribute('data-direction') ?? '', states: {} };
					t.drops[id] = d;
					t.order.push(id);
				}
				const state = el.getAttribute('data-state') ?? '';
				if (!(state in d.states)) d.states[state] = at;
				if (d.drawnAt === undefined && el.querySelector('[data-testid="viewer"] canvas[data-drawn="true"]')) {
					d.drawnAt = at;
					const drop = d;
					requestAnimationFrame(() => setTimeout(() => (drop.paintedAt = now())));
				}
			}
		}).observe(document.documentElement, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-state', 'data-drawn']
		});
	});
}

export function readTimeline(page: Page): Promise<PageTimeline> {
	return page.evaluate(() => {
		if (!window.__benchTimeline) throw new Error('no timeline recorder in this page');
		return window.__benchTimeline;
	});
}

/** Waits for the `n`th drop (0-based, in order of appearance) of a direction and returns its id. */
export async function nthDropId(page: Page, direction: 'in' | 'out', n: number, timeout = 60_000) {
	const handle = await page.waitForFunction(
		([dir, index]) => {
			const t = window.__benchTimeline;
			const ids = t ? t.order.filter((id) => t.drops[id]?.direction === dir) : [];
			return ids[index] ?? false;
		},
		[direction, n] as const,
		{ timeout }
	);
	return (await handle.jsonValue()) as string;
}
