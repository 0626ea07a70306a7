import { defineConfig } from '@playwright/test';

// Each test starts its own Chromium processes (one per device) against a signaling server on a
// free port; on two cores, one test at a time is the fastest overall.
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	timeout: 90_000,
	expect: { timeout: 15_000 },
	retries: 0,
	reporter: [['list']],
	outputDir: 'test-results',
	use: { trace: 'off', screenshot: 'off' }
});
