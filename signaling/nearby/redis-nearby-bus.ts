import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { errorCode, loadRedisClient, randomId } from '../rooms/redis/redis-node';
import { parseBusEvent, type BusEvent, type NearbyBus } from './nearby-bus';

export interface RedisNearbyBusOptions {
	/** Never logged. */
	url: string;
	prefix: string;
	/** The deployment's HMAC key, as for room and address keys. Never logged. */
	keySecret: string;
	logger: Logger;
	/** An event another process published on a group's channel. */
	onEvent: (tag: string, event: BusEvent) => void;
}

/**
 * The nearby channels on Redis pub/sub: `<prefix>:nearby:<tag>`, the tag an HMAC of the network
 * group under REDIS_KEY_SECRET. Only publish and subscribe: nothing about a device is stored.
 */
export class RedisNearbyBus implements NearbyBus {
	readonly node = randomId(9);
	readonly ready: Promise<void>;
	readonly #publisher: Redis;
	readonly #subscriber: Redis;
	readonly #o: RedisNearbyBusOptions;
	readonly #channelPrefix: string;

	constructor(options: RedisNearbyBusOptions) {
		this.#o = options;
		this.#channelPrefix = `${options.prefix}:nearby:`;
		const RedisClient = loadRedisClient();
		const connection = { maxRetriesPerRequest: 2, lazyConnect: true };
		this.#publisher = new RedisClient(options.url, connection);
		this.#subscriber = new RedisClient(options.url, connection);
		for (const [role, redis] of [
			['nearby-publisher', this.#publisher],
			['nearby-subscriber', this.#subscriber]
		] as const) {
			redis.on('error', (error: unknown) => options.logger('redis.error', { role, code: errorCode(error) }));
		}
		this.#subscriber.on('message', (channel: string, raw: string) => {
			if (!channel.startsWith(this.#channelPrefix)) return;
			const event = parseBusEvent(raw);
			if (event) options.onEvent(channel.slice(this.#channelPrefix.length), event);
		});
		this.ready = Promise.all([this.#publisher.connect(), this.#subscriber.connect()]).then(
			() => undefined,
			() => {
				throw new Error('Redis is not reachable at REDIS_URL (nearby)');
			}
		);
	}

	tag(group: string): string {
		return createHmac('sha256', this.#o.keySecret).update(`nearby:${group}`).digest('base64url').slice(0, 22);
	}

	async listen(tag: string): Promise<void> {
		await this.#subscriber.subscribe(this.#channelPrefix + tag).catch((error: unknown) => {
			this.#o.logger('nearby.subscribe-error', { code: errorCode(error) });
		});
	}

	async unlisten(tag: string): Promise<void> {
		await this.#subscriber.unsubscribe(this.#channelPrefix + tag).catch(() => undefined);
	}

	publish(tag: string, event: BusEvent): void {
		this.#publisher.publish(this.#channelPrefix + tag, JSON.stringify(event)).catch((error: unknown) => {
			this.#o.logger('nearby.publish-error', { code: errorCode(error) });
		});
	}

	async close(): Promise<void> {
		this.#subscriber.disconnect();
		await this.#publisher.quit().catch(() => this.#publisher.disconnect());
	}
}
