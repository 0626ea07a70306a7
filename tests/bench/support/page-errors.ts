import type { Page } from '@playwright/test';

/** Rejects `work` early if `page` reports an error before it settles (checked every 250 ms). */
export async function failOnPageError<T>(work: Promise<T>, page: Page, check: () => Promise<string | null>) {
	let settled = false;
	const watch = (async () => {
		while (!settled) {
			await new Promise((r) => setTimeout(r, 250));
			if (settled || page.isClosed()) return;
			const error = await check().catch(() => null);
			if (error) throw new Error(`receiving page: ${error}`);
		}
	})();
	try {
		return await Promise.race([work, watch.then(() => work)]);
	} finally {
		settled = true;
	}
}
