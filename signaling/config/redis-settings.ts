import { ConfigError } from '../config-error';
import type { RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { CommandLine, Environment } from './command-line';
import { nonEmpty, parseSeconds } from './value-parsers';

const REDIS_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

/** REDIS_URL (--redis-url), REDIS_PREFIX (--redis-prefix), REDIS_PRESENCE_TTL; null without Redis. */
export function parseRedisOptions({ values }: CommandLine, env: Environment): RedisRoomOptions | null {
	const url = nonEmpty(values.get('redis-url')) ?? nonEmpty(env.REDIS_URL);
	const prefix = nonEmpty(values.get('redis-prefix')) ?? nonEmpty(env.REDIS_PREFIX);
	const ttl = parseSeconds(nonEmpty(env.REDIS_PRESENCE_TTL), 'REDIS_PRESENCE_TTL');
	if (url === undefined) {
		if (prefix !== undefined || ttl !== undefined) {
			throw new ConfigError('REDIS_PREFIX and REDIS_PRESENCE_TTL need REDIS_URL (--redis-url).');
		}
		return null;
	}
	let parsed: URL | null = null;
	try {
		parsed = new URL(url);
	} catch {
		// Reported below; the URL may hold a password, so it is never quoted.
	}
	if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
		throw new ConfigError(
			'REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380/0.'
		);
	}
	if (prefix !== undefined && !REDIS_PREFIX.test(prefix)) {
		throw new ConfigError(`REDIS_PREFIX may hold letters, digits and . _ - (up to 64), got "${prefix}".`);
	}
	if (ttl !== undefined && (ttl < 0.5 || ttl > 600)) {
		throw new ConfigError(`REDIS_PRESENCE_TTL must be from 0.5 to 600 seconds, got ${ttl}.`);
	}
	return {
		url,
		...(prefix === undefined ? {} : { prefix }),
		...(ttl === undefined ? {} : { presenceTtlMs: Math.round(ttl * 1000) })
	};
}
