import { ConfigError } from '../config-error';
import type { RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { CommandLine, Environment } from './command-line';
import { nonEmpty, parseSeconds } from './value-parsers';

const REDIS_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;
/** The HMAC key must be worth guessing no less than the addresses it hides. */
const MIN_KEY_SECRET_LENGTH = 16;

/**
 * REDIS_KEY_SECRET (environment only): required with Redis. Without it keys could only name
 * plain or unkeyed hashes of addresses and room ids, which anyone reading Redis can reverse; a
 * random per-process key would keep the processes from sharing rooms.
 */
function parseKeySecret(env: Environment): string {
	// The secret is never quoted in a message: only whether it is there, and its length.
	const secret = nonEmpty(env.REDIS_KEY_SECRET);
	if (secret === undefined) {
		throw new ConfigError(
			'REDIS_URL is set but REDIS_KEY_SECRET is missing: set it to the same random secret on every process (e.g. `openssl rand -base64 32`).'
		);
	}
	if (secret.length < MIN_KEY_SECRET_LENGTH) {
		throw new ConfigError(`REDIS_KEY_SECRET must be at least ${MIN_KEY_SECRET_LENGTH} characters long.`);
	}
	return secret;
}

/** REDIS_URL (--redis-url), REDIS_PREFIX (--redis-prefix), REDIS_PRESENCE_TTL; null without Redis. */
export function parseRedisOptions({ values }: CommandLine, env: Environment): RedisRoomOptions | null {
	const url = nonEmpty(values.get('redis-url')) ?? nonEmpty(env.REDIS_URL);
	const prefix = nonEmpty(values.get('redis-prefix')) ?? nonEmpty(env.REDIS_PREFIX);
	const ttl = parseSeconds(nonEmpty(env.REDIS_PRESENCE_TTL), 'REDIS_PRESENCE_TTL');
	if (url === undefined) {
		if (prefix !== undefined || ttl !== undefined || nonEmpty(env.REDIS_KEY_SECRET) !== undefined) {
			throw new ConfigError(
				'REDIS_PREFIX, REDIS_PRESENCE_TTL and REDIS_KEY_SECRET need REDIS_URL (--redis-url).'
			);
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
	const keySecret = parseKeySecret(env);
	return {
		url,
		keySecret,
		...(prefix === undefined ? {} : { prefix }),
		...(ttl === undefined ? {} : { presenceTtlMs: Math.round(ttl * 1000) })
	};
}
