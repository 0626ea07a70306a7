/** What the relay children and the load generator say to the bench over IPC. */

export interface RelayReady {
	type: 'ready';
	port: number;
}

export interface GeneratorConfig {
	url: string;
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
