/** What the heartbeat needs of a socket: a `ws` WebSocket, or a fake in a test. */
export interface HeartbeatSocket {
	ping(): void;
	terminate(): void;
	on(event: 'pong', listener: () => void): unknown;
}

/** The interval timer, injectable so a test can drive the ticks. */
export interface IntervalTimers {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
}

export interface HeartbeatOptions {
	/** Time between pings; a socket that has not ponged by the next tick is terminated. */
	intervalMs: number;
	/** Called for a socket that missed its pong, just before it is terminated. */
	onTimeout?: (socket: HeartbeatSocket) => void;
	/** Default: the global `setInterval` and `clearInterval`. */
	timers?: IntervalTimers;
}

const globalTimers: IntervalTimers = {
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>)
};

/** The ws README heartbeat: every tick, whoever missed the previous ping is gone. */
export class Heartbeat {
	/** Each watched socket, and whether it answered since the last ping. */
	readonly #alive = new Map<HeartbeatSocket, boolean>();
	readonly #onTimeout: (socket: HeartbeatSocket) => void;
	readonly #timers: IntervalTimers;
	readonly #timer: unknown;

	constructor(options: HeartbeatOptions) {
		this.#onTimeout = options.onTimeout ?? (() => {});
		this.#timers = options.timers ?? globalTimers;
		this.#timer = this.#timers.setInterval(() => this.#tick(), options.intervalMs);
	}

	watch(socket: HeartbeatSocket): void {
		this.#alive.set(socket, true);
		socket.on('pong', () => {
			if (this.#alive.has(socket)) this.#alive.set(socket, true);
		});
	}

	/** Sockets watched. */
	get size(): number {
		return this.#alive.size;
	}

	/** The socket closed: it is pinged no more. */
	forget(socket: HeartbeatSocket): void {
		this.#alive.delete(socket);
	}

	stop(): void {
		this.#timers.clearInterval(this.#timer);
	}

	#tick(): void {
		for (const [socket, alive] of this.#alive) {
			if (!alive) {
				this.#onTimeout(socket);
				socket.terminate();
				continue;
			}
			this.#alive.set(socket, false);
			socket.ping();
		}
	}
}
