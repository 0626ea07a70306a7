/**
 * What simple-peer needs of Node's streams, and no more. simple-peer's `Peer` extends
 * `readable-stream`'s `Duplex`; this app never reads or writes it as a stream (PeerLink listens to
 * the data channel itself and sends on it), so the 30 KB of stream and Buffer code its prebuilt
 * bundle carries buy nothing. The build gives simple-peer this class as `readable-stream`
 * (scripts/vite-plugins.ts, `simplePeerWithoutNode`). Events behave as Node's do: listeners run in order, and
 * an `error` nobody listens for is thrown.
 */

type Listener = (...args: unknown[]) => void;

export class EventEmitter {
	readonly #listeners = new Map<string, Listener[]>();

	on(event: string, listener: Listener): this {
		this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
		return this;
	}

	addListener(event: string, listener: Listener): this {
		return this.on(event, listener);
	}

	once(event: string, listener: Listener): this {
		const once: Listener & { listener?: Listener } = (...args) => {
			this.removeListener(event, once);
			listener.apply(this, args);
		};
		once.listener = listener;
		return this.on(event, once);
	}

	removeListener(event: string, listener: Listener): this {
		const list = this.#listeners.get(event) ?? [];
		const at = list.findIndex((l) => l === listener || (l as { listener?: Listener }).listener === listener);
		if (at >= 0) this.#listeners.set(event, [...list.slice(0, at), ...list.slice(at + 1)]);
		return this;
	}

	off(event: string, listener: Listener): this {
		return this.removeListener(event, listener);
	}

	removeAllListeners(event?: string): this {
		if (event === undefined) this.#listeners.clear();
		else this.#listeners.delete(event);
		return this;
	}

	listenerCount(event: string): number {
		return this.#listeners.get(event)?.length ?? 0;
	}

	emit(event: string, ...args: unknown[]): boolean {
		const list = this.#listeners.get(event);
		if (!list?.length) {
			if (event === 'error') throw args[0] instanceof Error ? args[0] : new Error('Unhandled error');
			return false;
		}
		for (const listener of list) listener.apply(this, args);
		return true;
	}
}

/**
 * A duplex stream's outline: `push` hands data to `data` listeners (and `null` ends the readable
 * side), `write` goes to the subclass's `_write`, `end` finishes the writable side with `finish`.
 */
export class Duplex extends EventEmitter {
	readable = true;
	writable = true;
	readonly _readableState = { ended: false };
	readonly _writableState = { finished: false };

	// simple-peer passes stream options (allowHalfOpen and the like): none of them matter here.
	constructor(_options?: unknown) {
		super();
	}

	push(chunk: unknown): boolean {
		if (chunk === null) {
			this._readableState.ended = true;
			return false;
		}
		if (!this._readableState.ended) this.emit('data', chunk);
		return true;
	}

	write(chunk: unknown, callback?: (error?: Error | null) => void): boolean {
		if (this._writableState.finished) return false;
		this._write(chunk, 'buffer', (error) => {
			if (error) this.emit('error', error);
			callback?.(error);
		});
		return true;
	}

	end(): this {
		if (this._writableState.finished) return this;
		this._writableState.finished = true;
		this.writable = false;
		this.emit('finish');
		return this;
	}

	_write(_chunk: unknown, _encoding: string, callback: (error?: Error | null) => void): void {
		callback(null);
	}
}
