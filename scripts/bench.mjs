// `npm run bench [-- --quick] [-- --only=transfer,view,video,signaling,weight,memory] [-- --profile]`:
// the benchmarks in tests/bench. Peer connections need a network: inside a private namespace
// when this machine offers one, so nothing leaves loopback and the namespace's own veth pair.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareTestRun, root } from './setup-steps.mjs';

// The two-process signaling figures need redis-server.
const env = prepareTestRun();
const r = spawnSync(
	process.execPath,
	['--import', 'tsx', join('tests', 'bench', 'run.ts'), ...process.argv.slice(2)],
	{ stdio: 'inherit', cwd: root, env }
);
process.exit(r.status ?? 1);
