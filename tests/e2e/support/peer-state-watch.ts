import type { Page } from '@playwright/test';

/**
 * Records every state the page's `peer` entries show from now on (`connecting`, `ready`,
 * `failed`; `connecting/reconnecting` while one is brought back), so a test can say what was
 * never shown. Resolves with a function that reads what was seen so far.
 */
export async function watchPeerStates(page: Page): Promise<() => Promise<string[]>> {
	await page.evaluate(() => {
		const seen = new Set<string>();
		const look = () => {
			for (const el of document.querySelectorAll<HTMLElement>('[data-testid="peer"]')) {
				const state = el.dataset.peerState ?? '';
				seen.add(el.dataset.peerReconnecting === 'true' ? `${state}/reconnecting` : state);
			}
		};
		look();
		new MutationObserver(look).observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-peer-state', 'data-peer-reconnecting']
		});
		(window as unknown as { __peerStatesSeen: Set<string> }).__peerStatesSeen = seen;
	});
	return () =>
		page.evaluate(() => [...(window as unknown as { __peerStatesSeen: Set<string> }).__peerStatesSeen]);
}
