/**
 * Child process: the app's signaling server with its limits opened up for one address sending
 * thousands of connections and messages. Everything else (validation, rooms, heartbeat,
 * per-recipient buffer cap) is as in production. With BENCH_REDIS_URL set it shares its rooms
 * through that Redis, as one of several processes. The bench runs it with `npm start`'s Node
 * flags and environment.
 */
import { createSignalingServer } from '../../../signaling/http/app-server';
import { collectGarbageOption } from '../../../signaling/http/quiet-heap';
import { answerMemoryQueries, type RelayReady } from './relay-messages';

const server = createSignalingServer({
	host: '127.0.0.1',
	port: 0,
	// Bundled into the cache (see `bundleForNode`): the bench passes the app's build directory in.
	staticDir: process.env.BENCH_STATIC_DIR,
	logger: () => undefined,
	maxConnectionsPerIp: 0,
	maxConnections: 0,
	maxHttpConnectionsPerIp: 0,
	joinRateLimit: null,
	publicGuessRateLimit: null,
	rateLimit: { burst: 1_000_000, perSecond: 1_000_000 },
	maxRooms: 1_000_000,
	// Set by the bench for its two-process run: rooms and signals go through Redis.
	redis: process.env.BENCH_REDIS_URL
		? { url: process.env.BENCH_REDIS_URL, keySecret: 'bench-redis-key-secret-0123456789' }
		: null,
	// As `npm start` runs it (SERVER_NODE_FLAGS give it `gc`): the idle collection after a busy spell.
	...collectGarbageOption()
});

await server.ready;
answerMemoryQueries();
process.send?.({ type: 'ready', port: server.address().port } satisfies RelayReady);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
