// `npm test`: the whole suite. Unit tests with vitest, then end-to-end tests in real Chromium.
// Peer connections need a network: inside a private namespace when this machine offers one.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuild, ensureChromium, ensureDependencies, root, run } from './setup-steps.mjs';

const netns = join(root, '..', 'shared', 'tools', 'netns-exec');
if (process.env.NETNS_EXEC_INSIDE !== '1' && existsSync(netns) && process.getuid?.() === 0) {
	// Set up outside first (apt and npm may need the network), then run the tests inside.
	ensureDependencies();
	ensureChromium();
	ensureBuild();
	const r = spawnSync(netns, [process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', cwd: root });
	process.exit(r.status ?? 1);
}

ensureDependencies();
const chromium = ensureChromium();
ensureBuild();
const env = { ...process.env, CHROMIUM_PATH: chromium };
const only = process.argv[2];
if (only !== 'e2e') run('npx', ['vitest', 'run'], { env });
if (only !== 'unit') run('npx', ['playwright', 'test', ...process.argv.slice(3)], { env });
