/**
 * Hands V8's grown heap back once the server goes quiet after a busy spell.
 *
 * Node gives V8 no idle notifications. After a burst of clients V8 keeps what it grew to (a
 * young generation of 16 MB, an old space full of finished sessions) until allocation asks
 * for the next collection, and an idle server allocates nothing: measured in the churn bench,
 * RSS stayed 1.4x its start 30 s after the last client left, with nothing retained. One full
 * collection (two in a row), on the first whole check with no new connection,
 * returns it.
 *
 * What the crowd left behind lapses later than that: id reservations, rate buckets and rooms
 * are swept after their time (20 s to a minute), and once swept they are garbage an idle server
 * never collects. Measured in the churn bench: 2 MB of V8 heap (of 10) was such garbage 30 s
 * after the last client left, the first collection long past. So a quiet check also collects
 * when what the hub keeps has shrunk by `minReleased` entries since the last collection.
 *
 * Quiet means no new connection and hardly a message: a server still relaying for the clients it
 * holds allocates, so V8 collects on its own, and a full collection of a big heap there is a
 * pause every signal waits behind (measured in the signaling bench, 10,000 clients held at
 * 10,000 signals/s: p99 134 ms against the bare relay's 7.4 ms).
 */
export interface QuietHeapOptions {
	/** A full collection (`globalThis.gc`, present when Node runs with `--expose-gc`). */
	collect: () => void;
	/**
	 * Connections accepted since start: while it moves, the server is busy. Closes do not count:
	 * a crowd that vanished drains for a heartbeat's time (30 s), and draining only frees.
	 */
	accepted: () => number;
	/** Messages received since start: more than `maxQuietMessages` in a check, and it is not quiet. */
	received?: () => number;
	/** Messages a check may see and still count as quiet. Default 50 (10 a second at 5 s). */
	maxQuietMessages?: number;
	/** Entries the hub keeps until they are swept (app-server.ts: reservations, buckets, rooms). Without it, only connections count. */
	retained?: () => number;
	/** Entries released since the last collection for a quiet check to collect. Default 200. */
	minReleased?: number;
	/** How often to look. Default 5 s. */
	checkMs?: number;
	/** Connections accepted since the last collection for a spell to count as busy. Default 20. */
	minAccepted?: number;
	setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
	clearInterval?: (handle: never) => void;
}

/** Starts watching; returns the function that stops it. */
export function collectWhenQuiet(options: QuietHeapOptions): () => void {
	const { collect, accepted, checkMs = 5000, minAccepted = 20, minReleased = 200 } = options;
	const { maxQuietMessages = 50 } = options;
	const retained = options.retained ?? (() => 0);
	const received = options.received ?? (() => 0);
	const every = options.setInterval ?? setInterval;
	const stopEvery = options.clearInterval ?? clearInterval;
	let last = accepted();
	let lastReceived = received();
	let acceptedAtCollection = last;
	let retainedAtCollection = retained();
	const handle = every(() => {
		const now = accepted();
		const heard = received();
		const quiet = now === last && heard - lastReceived <= maxQuietMessages;
		last = now;
		lastReceived = heard;
		const kept = retained();
		// Growth since the last collection is not released: count from the highest it got to.
		retainedAtCollection = Math.max(retainedAtCollection, kept);
		const busySpell = now - acceptedAtCollection >= minAccepted;
		const released = retainedAtCollection - kept >= minReleased;
		if (quiet && (busySpell || released)) {
			acceptedAtCollection = now;
			retainedAtCollection = kept;
			// Twice: what the first one's weak callbacks and finalizers let go, the second frees.
			collect();
			collect();
		}
	}, checkMs);
	// Never the reason the process stays up.
	handle.unref?.();
	return () => stopEvery(handle as never);
}

/**
 * The `collectGarbage` option of `createSignalingServer` where Node runs with `--expose-gc`
 * (scripts/setup-steps.mjs, SERVER_NODE_FLAGS), and nothing where it does not.
 */
export function collectGarbageOption(): { collectGarbage?: () => void } {
	const gc = globalThis.gc;
	return gc ? { collectGarbage: () => void gc() } : {};
}
