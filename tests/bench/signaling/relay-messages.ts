/** What the relay children and the load generator say to the bench over IPC. */

export interface RelayReady {
	type: 'ready';
	port: number;
}

export interface GeneratorConfig {
	/** One relay, or several sharing rooms (room mates are spread across them in turn). */
	urls: string[];
	clients: number;
	roomSize: number;
	/** Connections being opened at once. */
	connectConcurrency: number;
}

export type GeneratorCommand =
	| { type: 'connect' }
	| { type: 'steady'; perClientPerSecond: number; durationMs: number }
	| { type: 'saturate'; durationMs: number }
	| { type: 'close' };

export interface ConnectResult {
	type: 'connected';
	connected: number;
	failed: number;
	ms: number;
}

export interface SteadyResult {
	type: 'steady-done';
	sent: number;
	received: number;
	ms: number;
	p50: number;
	p99: number;
	max: number;
	/** Clients whose socket closed during the phase. */
	dropped: number;
}

export interface SaturateResult {
	type: 'saturate-done';
	received: number;
	ms: number;
	dropped: number;
}

export interface ClosedResult {
	type: 'closed';
	open: number;
}

/** The bench asks a relay child for `process.memoryUsage()` at quiet moments. */
export interface MemoryQuery {
	type: 'memory';
}

export interface MemoryReport {
	type: 'memory-report';
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
}

/** Answers `MemoryQuery` messages in a relay child. */
export function answerMemoryQueries(): void {
	process.on('message', (m: { type?: string }) => {
		if (m.type !== 'memory') return;
		const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
		process.send?.({ type: 'memory-report', rss, heapUsed, external, arrayBuffers } satisfies MemoryReport);
	});
}

/** The app server's answer to `{ type: 'heap' }`: `process.memoryUsage()` and V8's heap spaces. */
export interface HeapFigures extends NodeJS.MemoryUsage {
	type: 'heap';
	spaces: { name: string; sizeBytes: number; usedBytes: number }[];
}
