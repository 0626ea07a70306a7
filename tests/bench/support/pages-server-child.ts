/**
 * Child process: the bench pages' static server (static-server.ts), in a process of its own as
 * the app's server is (app-server-child.ts). In the bench's own process a server shares its
 * event loop with Playwright, which handles a burst of DevTools events for every request a page
 * makes: a room page's second wave of scripts waited 60 ms there for a server with nothing else
 * to do. The baselines get the same footing as the app.
 */
import type { RelayReady } from '../signaling/relay-messages';
import { serveDirectory } from './static-server';

const dir = process.env.BENCH_PAGES_DIR;
if (!dir) throw new Error('BENCH_PAGES_DIR names the directory to serve');
const server = await serveDirectory(dir);
process.send?.({ type: 'ready', port: Number(new URL(server.url).port) } satisfies RelayReady);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
// A bench killed by a signal runs no exit hook: the IPC channel closing is then the only word.
process.on('disconnect', () => process.exit(0));
