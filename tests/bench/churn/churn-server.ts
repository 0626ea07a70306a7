/**
 * Child process: the app's signaling server as production runs it (limits on, memory backend),
 * except that it trusts X-Forwarded-For, so the churn's clients count as a thousand addresses,
 * and takes the id reservation from the bench (BENCH_ID_RESERVATION_MS), so that what it keeps
 * lapses within the bench's settle time. The soak and full-room benches run it too, serving the
 * app's pages, so that the server's RSS is its own.
 */
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { createSignalingServer } from '../../../signaling/http/app-server';
import { collectGarbageOption } from '../../../signaling/http/quiet-heap';
import type { HeapFigures, RelayReady } from '../signaling/relay-messages';

const server = createSignalingServer({
	host: '127.0.0.1',
	port: 0,
	staticDir: process.env.BENCH_STATIC_DIR,
	logger: () => undefined,
	trustProxy: true,
	...collectGarbageOption(),
	// The production default when not given (the soak and full-room benches).
	idReservationMs: process.env.BENCH_ID_RESERVATION_MS
		? Number(process.env.BENCH_ID_RESERVATION_MS)
		: undefined
});

await server.ready;
process.send?.({ type: 'ready', port: server.address().port } satisfies RelayReady);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
// A bench killed by a signal runs no exit hook: the IPC channel closing is then the only word.
process.on('disconnect', () => process.exit(0));

// The bench asks for V8's own figures, to tell the heap from the rest of RSS, and (when it
// diagnoses) for a heap snapshot, to tell what live objects the heap holds.
process.on('message', (m: { type?: string; path?: string }) => {
	if (m.type === 'heap') {
		const spaces = getHeapSpaceStatistics().map((s) => ({
			name: s.space_name,
			sizeBytes: s.space_size,
			usedBytes: s.space_used_size
		}));
		process.send?.({ type: 'heap', ...process.memoryUsage(), spaces } satisfies HeapFigures);
	}
	if (m.type === 'snapshot' && m.path) {
		writeHeapSnapshot(m.path);
		process.send?.({ type: 'snapshot' });
	}
});
