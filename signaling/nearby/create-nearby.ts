import { NEARBY_ANSWER_MS } from '#protocol/nearby-messages';
import { DEFAULTS } from '../defaults';
import type { ClientConnection } from '../hub/client-connection';
import type { RateLimit } from '../hub/token-bucket';
import type { Logger } from '../logger';
import type { RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { RetainedCounts, RoomBackend } from '../rooms/room-backend';
import { AskBook } from './ask-book';
import { NearbyDirectory } from './nearby-directory';
import { NearbyHandlers } from './nearby-handlers';
import { networkGroup, serverLanGroup } from './network-group';
import { RedisNearbyBus } from './redis-nearby-bus';

export interface NearbySettings {
	redis: RedisRoomOptions | null;
	lanUrls: () => string[];
	logger: Logger;
	/** Hellos (a page load each) per client address, like joins; null turns the limit off. */
	joinRateLimit: RateLimit | null;
	/** Asks per client address; null turns the limit off. */
	nearbyAskRateLimit: RateLimit | null;
}

export interface Nearby {
	readonly handlers: NearbyHandlers;
	readonly ready: Promise<void>;
	retained(): RetainedCounts;
	close(): Promise<void>;
}

/** Nearby for one hub: in this process, or across processes through Redis pub/sub. */
export function createNearby(
	settings: NearbySettings,
	rooms: Pick<RoomBackend<unknown>, 'rateLimiter'>
): Nearby {
	const { redis, logger } = settings;
	let directory: NearbyDirectory<ClientConnection> | null = null;
	const bus = redis
		? new RedisNearbyBus({
				url: redis.url,
				prefix: redis.prefix ?? DEFAULTS.redisPrefix,
				keySecret: redis.keySecret,
				logger,
				onEvent: (tag, event) => directory?.hear(tag, event)
			})
		: null;
	const asks = new AskBook({
		answerMs: NEARBY_ANSWER_MS,
		cooldownMs: DEFAULTS.nearbyCooldownMs,
		maxOpenPerAsker: DEFAULTS.nearbyMaxOpenAsks,
		now: () => Date.now()
	});
	directory = new NearbyDirectory<ClientConnection>({
		send: (conn, message) => conn.send(message),
		bus,
		asks,
		flushMs: DEFAULTS.nearbyFlushMs,
		presenceMs: redis?.presenceTtlMs ?? DEFAULTS.presenceTtlMs,
		now: () => Date.now()
	});
	const handlers = new NearbyHandlers({
		directory,
		// Read per hello: the server's LAN addresses can change while it runs.
		groupOf: (address) => networkGroup(address, serverLanGroup(settings.lanUrls())),
		hellos: settings.joinRateLimit && rooms.rateLimiter('nearby-hello', settings.joinRateLimit),
		asks: settings.nearbyAskRateLimit && rooms.rateLimiter('nearby-ask', settings.nearbyAskRateLimit),
		log: logger
	});
	const owned = directory;
	return {
		handlers,
		ready: bus?.ready ?? Promise.resolve(),
		retained: () => ({ ...owned.retained(), nearbyAsks: asks.size }),
		async close() {
			owned.close();
			await bus?.close();
		}
	};
}
