// `npm test`: the whole suite. Unit tests with vitest, then end-to-end tests in real Chromium.
// Peer connections need a network: inside a private namespace when this machine offers one.
import {
	ensureBuild,
	ensureChromium,
	ensureDependencies,
	ensureTestServers,
	run,
	runInsideNetnsIfAvailable
} from './setup-steps.mjs';

// apt may need the network: before entering the namespace.
ensureTestServers();
runInsideNetnsIfAvailable();

ensureDependencies();
const chromium = ensureChromium();
ensureBuild();
const env = { ...process.env, CHROMIUM_PATH: chromium };
const only = process.argv[2];
if (only !== 'e2e') run('npx', ['vitest', 'run'], { env });
if (only !== 'unit') run('npx', ['playwright', 'test', ...process.argv.slice(3)], { env });
