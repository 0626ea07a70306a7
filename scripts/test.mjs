// `npm test`: the whole suite. Unit tests with vitest, then end-to-end tests in real Chromium.
// Peer connections need a network: inside a private namespace when this machine offers one.
import { prepareTestRun, run } from './setup-steps.mjs';

const env = prepareTestRun();
const only = process.argv[2];
if (only !== 'e2e') run('npx', ['vitest', 'run'], { env });
if (only !== 'unit') run('npx', ['playwright', 'test', ...process.argv.slice(3)], { env });
