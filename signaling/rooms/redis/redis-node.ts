import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

export function randomId(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

export function errorCode(error: unknown): string {
	if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
	return typeof error;
}

/**
 * `ioredis`, loaded only by a server configured with Redis: it adds about 10 MB to a process
 * that never uses it.
 */
export function loadRedisClient(): typeof Redis {
	const require = createRequire(import.meta.url);
	return (require('ioredis') as typeof import('ioredis')).Redis;
}

export interface RedisNodeOptions {
	/** Never logged. */
	url: string;
	prefix: string;
	presenceTtlMs: number;
	logger: Logger;
	/** A message on this process's channel. */
	onMessage: (raw: string) => void;
	/** The subscriber reconnected: messages may have been lost in between. */
	onResubscribed: () => void;
}

/**
 * This process as one node on the Redis: its random id, a connection for commands, one for
 * its channel (`P:events:<id>`), and its presence key (`P:node:<id>`) with a short TTL that the
 * backend's heartbeat renews.
 */
export class RedisNode {
	readonly id = randomId(9);
	readonly commands: Redis;
	readonly #subscriber: Redis;
	readonly #prefix: string;
	readonly #presenceTtlMs: number;
	readonly #log: Logger;
	#subscribedOnce = false;
	/** Why the last connection attempt failed, for the startup error. */
	#lastErrorCode = 'unknown';

	constructor(options: RedisNodeOptions) {
		this.#prefix = options.prefix;
		this.#presenceTtlMs = options.presenceTtlMs;
		this.#log = options.logger;
		// Commands wait for a reconnect a little, then fail (and the client gets 1011).
		const connection = { maxRetriesPerRequest: 2, lazyConnect: true };
		const RedisClient = loadRedisClient();
		this.commands = new RedisClient(options.url, connection);
		this.#subscriber = new RedisClient(options.url, connection);
		for (const [role, redis] of [
			['commands', this.commands],
			['subscriber', this.#subscriber]
		] as const) {
			redis.on('error', (error: unknown) => {
				this.#lastErrorCode = errorCode(error);
				this.#log('redis.error', { role, code: this.#lastErrorCode });
			});
		}
		this.#subscriber.on('message', (_channel: string, raw: string) => options.onMessage(raw));
		this.#subscriber.on('ready', () => {
			// The first `ready` is the start; a later one is a reconnect.
			if (!this.#subscribedOnce) {
				this.#subscribedOnce = true;
				return;
			}
			this.#log('redis.resubscribed', { node: this.id });
			options.onResubscribed();
		});
	}

	get isReady(): boolean {
		return this.commands.status === 'ready';
	}

	get #presenceKey(): string {
		return `${this.#prefix}:node:${this.id}`;
	}

	/** Connects both, subscribes to this node's channel and announces its presence. */
	async start(): Promise<void> {
		try {
			await Promise.all([this.commands.connect(), this.#subscriber.connect()]);
			await this.#subscriber.subscribe(`${this.#prefix}:events:${this.id}`);
			await this.renewPresence();
		} catch {
			// ioredis's own error says only that the connection closed; the cause came before.
			throw new Error(`Redis is not reachable at REDIS_URL (${this.#lastErrorCode})`);
		}
		this.#log('redis.ready', { node: this.id });
	}

	/** Renews presence; false when the key had expired, i.e. the others took this process for dead. */
	async renewPresence(): Promise<boolean> {
		const renewed = await this.commands.set(this.#presenceKey, '1', 'PX', this.#presenceTtlMs, 'XX');
		if (renewed === 'OK') return true;
		await this.commands.set(this.#presenceKey, '1', 'PX', this.#presenceTtlMs);
		return false;
	}

	/** Withdraws the presence key (the others then drop this node's members) and disconnects. */
	async close(): Promise<void> {
		try {
			if (this.isReady) await this.commands.del(this.#presenceKey);
		} finally {
			this.#subscriber.disconnect();
			await this.commands.quit().catch(() => this.commands.disconnect());
		}
	}
}
