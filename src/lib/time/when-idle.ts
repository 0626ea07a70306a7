/**
 * Runs `run` once the page is idle, and at the latest after `latestMs`. Where there is no
 * `requestIdleCallback` (Safari before 18), after `fallbackMs` instead: a plain timer can't tell
 * an idle page from a busy one, so it waits a little for the work at hand to pass.
 */
export function whenIdle(run: () => void, latestMs: number, fallbackMs: number): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: latestMs });
	else setTimeout(run, fallbackMs);
}
