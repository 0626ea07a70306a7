import { parseIceServers, type IceServerConfig } from '#protocol/signaling-messages';
import { ConfigError } from '../config-error';
import { DEFAULTS } from '../defaults';
import type { TurnSettings } from '../turn/turn-credentials';
import type { CommandLine, Environment } from './command-line';
import { nonEmpty, parseWholeNumber } from './value-parsers';

/** `stun:host[:port]`, with `host` a name, an IPv4 address or a bracketed IPv6 address. */
const STUN_URL = /^stuns?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
/** `turn:host[:port][?transport=udp|tcp]` and its TLS form `turns:`. */
const TURN_URL = /^turns?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\?transport=(?:udp|tcp))?$/;

const MAX_TURN_TTL_SECONDS = 7 * 24 * 3600;

/** ICE_SERVERS: a JSON array of `{urls, username?, credential?}`. */
export function parseIceServersText(text: string | undefined): IceServerConfig[] {
	if (text === undefined) return [];
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new ConfigError('ICE_SERVERS is not valid JSON.');
	}
	const servers = parseIceServers(json);
	if (!servers) {
		throw new ConfigError(
			'ICE_SERVERS must be a JSON array of {"urls": string | string[], "username"?: string, "credential"?: string}.'
		);
	}
	return servers;
}

function parseIceUrls(text: string | undefined, pattern: RegExp, source: string): string[] {
	if (text === undefined) return [];
	const scheme = source === 'STUN_URLS' ? 'stun:/stuns:' : 'turn:/turns:';
	return text
		.split(',')
		.map((u) => u.trim())
		.filter((u) => u !== '')
		.map((u) => {
			if (!pattern.test(u)) {
				throw new ConfigError(
					`${source} entries must be ${scheme} URLs like ${source === 'STUN_URLS' ? 'stun:stun.example.org:3478' : 'turn:turn.example.org:3478?transport=udp'}, got "${u}".`
				);
			}
			return u;
		});
}

/** STUN_URLS (--stun-urls): comma-separated `stun:`/`stuns:` URLs. */
export function parseStunUrls({ values }: CommandLine, env: Environment): string[] {
	return parseIceUrls(nonEmpty(values.get('stun-urls')) ?? nonEmpty(env.STUN_URLS), STUN_URL, 'STUN_URLS');
}

/** TURN_URLS with TURN_SECRET (environment only) and TURN_TTL; null without a relay. */
export function parseTurnSettings({ values }: CommandLine, env: Environment): TurnSettings | null {
	const urls = parseIceUrls(
		nonEmpty(values.get('turn-urls')) ?? nonEmpty(env.TURN_URLS),
		TURN_URL,
		'TURN_URLS'
	);
	// The secret is never quoted in a message: only whether it is there.
	const secret = nonEmpty(env.TURN_SECRET);
	const ttlSource = values.has('turn-ttl') ? '--turn-ttl' : 'TURN_TTL';
	const ttl = parseWholeNumber(nonEmpty(values.get('turn-ttl')) ?? nonEmpty(env.TURN_TTL), ttlSource);
	if (ttl !== undefined && (ttl < 60 || ttl > MAX_TURN_TTL_SECONDS)) {
		throw new ConfigError(`${ttlSource} must be from 60 to ${MAX_TURN_TTL_SECONDS} seconds, got ${ttl}.`);
	}
	if (urls.length > 0 && secret === undefined) {
		throw new ConfigError(
			'TURN_URLS is set but TURN_SECRET is missing: set it to the static-auth-secret of the coturn relay.'
		);
	}
	if (secret !== undefined && urls.length === 0) {
		throw new ConfigError("TURN_SECRET is set but TURN_URLS is missing: list the relay's turn: URLs.");
	}
	if (secret === undefined) return null;
	return { urls, secret, ttlSeconds: ttl ?? DEFAULTS.turnTtlSeconds };
}
