// `npm test`: the whole suite. Unit tests with vitest, then end-to-end tests in real Chromium
// (Playwright) and Firefox ESR (puppeteer-core, from the same Playwright specs).
// Peer connections need a network: inside a private namespace when this machine offers one.
import { ensureFirefox, prepareTestRun, run } from './setup-steps.mjs';

const only = process.argv[2];
if (only !== 'unit') ensureFirefox();
const env = prepareTestRun();
if (only !== 'e2e') run('npx', ['vitest', 'run'], { env });
if (only !== 'unit') run('npx', ['playwright', 'test', ...process.argv.slice(3)], { env });
