// `npm start`: install if needed, build if needed, then serve the app and signaling on one port.
import { spawn } from 'node:child_process';
import {
	SERVER_ENTRY,
	SERVER_ENV,
	SERVER_NODE_FLAGS,
	ensureBuild,
	ensureDependencies,
	root
} from './setup-steps.mjs';

ensureDependencies();
ensureBuild();
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_ENTRY, ...process.argv.slice(2)], {
	cwd: root,
	env: { ...SERVER_ENV, ...process.env },
	stdio: 'inherit'
});
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
