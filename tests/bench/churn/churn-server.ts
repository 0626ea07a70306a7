/**
 * Child process: the app's signaling server as production runs it (limits on, memory backend),
 * except that it trusts X-Forwarded-For, so the churn's clients count as a thousand addresses,
 * and takes the id reservation from the bench (BENCH_ID_RESERVATION_MS), so that what it keeps
 * lapses within the bench's settle time.
 */
import { createSignalingServer } from '../../../signaling/http/app-server';
import type { RelayReady } from '../signaling/relay-messages';

const server = createSignalingServer({
	host: '127.0.0.1',
	port: 0,
	staticDir: process.env.BENCH_STATIC_DIR,
	logger: () => undefined,
	trustProxy: true,
	idReservationMs: Number(process.env.BENCH_ID_RESERVATION_MS)
});

await server.ready;
process.send?.({ type: 'ready', port: server.address().port } satisfies RelayReady);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
