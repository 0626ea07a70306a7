// `npm run bench [-- --quick] [-- --only=transfer,view,signaling,weight,memory] [-- --profile]`:
// the benchmarks in tests/bench. Peer connections need a network: inside a private namespace
// when this machine offers one, so nothing leaves loopback and the namespace's own veth pair.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuild, ensureChromium, ensureDependencies, root } from './setup-steps.mjs';

const netns = join(root, '..', 'shared', 'tools', 'netns-exec');
if (process.env.NETNS_EXEC_INSIDE !== '1' && existsSync(netns) && process.getuid?.() === 0) {
	// Set up outside first (apt and npm may need the network), then run the benchmarks inside.
	ensureDependencies();
	ensureChromium();
	ensureBuild();
	const r = spawnSync(netns, [process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', cwd: root });
	process.exit(r.status ?? 1);
}

ensureDependencies();
const chromium = ensureChromium();
ensureBuild();
const r = spawnSync(
	process.execPath,
	['--import', 'tsx', join('tests', 'bench', 'run.ts'), ...process.argv.slice(2)],
	{ stdio: 'inherit', cwd: root, env: { ...process.env, CHROMIUM_PATH: chromium } }
);
process.exit(r.status ?? 1);
