import { resolve } from 'node:path';
import { parseIceServers, type IceServerConfig } from '#protocol/signaling-messages';
import {
	DEFAULT_JOIN_RATE_LIMIT,
	DEFAULT_MAX_CONNECTIONS_PER_IP,
	DEFAULT_MAX_ROOMS,
	DEFAULT_PUBLIC_GUESS_RATE_LIMIT
} from '../hub/attach-signaling';
import type { RateLimit } from '../hub/token-bucket';
import {
	DEFAULT_PRESENCE_TTL_MS,
	DEFAULT_REDIS_PREFIX,
	type RedisRoomOptions
} from '../rooms/redis/redis-room-backend';
import { DEFAULT_TURN_TTL_SECONDS, type TurnSettings } from '../turn/turn-credentials';

export interface ServerConfig {
	host: string;
	port: number;
	/** Absolute path, or undefined for the server's default (`build/`). */
	staticDir: string | undefined;
	iceServers: IceServerConfig[];
	/** STUN_URLS: handed to every joiner as one more ICE server. */
	stunUrls: string[];
	/** TURN_URLS with TURN_SECRET: a fresh credential for every joiner; null without a relay. */
	turn: TurnSettings | null;
	allowedOrigins: string[];
	/** Undefined keeps the server's default. */
	maxConnectionsPerIp: number | undefined;
	/** Undefined keeps the server's default. */
	maxRooms: number | undefined;
	/** Undefined keeps the server's default; null turns the limit off. */
	joinRateLimit: RateLimit | null | undefined;
	/** Undefined keeps the server's default; null turns the limit off. */
	publicGuessRateLimit: RateLimit | null | undefined;
	/** Read client addresses from the right-most X-Forwarded-For entry. */
	trustProxy: boolean;
	/** REDIS_URL: share rooms with every process on that Redis; null keeps them in this process. */
	redis: RedisRoomOptions | null;
	/** Whether joiners are told this machine's LAN URLs (off for public deployments). */
	advertiseLan: boolean;
	/** Where the HTTPS certificate comes from; null serves plain HTTP. */
	tls: TlsSource | null;
	/** Print a fresh private room's invitation and its QR code instead of the app's URL. */
	qrRoom: boolean;
	help: boolean;
}

/**
 * `files`: PEM files given by TLS_CERT/TLS_KEY (absolute paths). `self-signed`: `--https`,
 * a certificate generated with openssl under `.certs/`.
 */
export type TlsSource = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' };

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

function seconds(limit: RateLimit): number {
	return Math.round((1 / limit.perSecond) * 100) / 100;
}

export const USAGE = `Usage: npm start -- [options]   (the built server alone: node build-server/main.mjs [options])

Options (flags win over environment variables):
  --host <addr>          HOST             interface to listen on (default 0.0.0.0)
  --port <n>             PORT             port, 0 for any free one (default 3000)
  --static-dir <dir>     STATIC_DIR       the built app (default build/)
                         ICE_SERVERS      JSON array of {urls, username?, credential?}
  --stun-urls <list>     STUN_URLS        comma-separated stun: URLs handed to browsers
  --turn-urls <list>     TURN_URLS        comma-separated turn:/turns: URLs of a coturn relay,
                                          e.g. turn:turn.example.org:3478?transport=udp,
                                          turns:turn.example.org:5349
                         TURN_SECRET      coturn's static-auth-secret (use-auth-secret): each
                                          joiner gets its own credential derived from it; the
                                          secret itself never leaves this server. Environment
                                          only, so that it does not show in the process list.
  --turn-ttl <seconds>   TURN_TTL         how long a TURN credential stays valid (default ${DEFAULT_TURN_TTL_SECONDS})
                         ALLOWED_ORIGINS  comma-separated extra origins for /ws (the page's
                                          own origin, Origin host = Host, is always allowed)
  --trust-proxy          TRUST_PROXY=1    behind exactly one reverse proxy: take the client
                                          address from the right-most X-Forwarded-For entry
                                          (default off: the socket's address). The proxy must
                                          pass the Host header through unchanged.
  --no-lan               ADVERTISE_LAN=0  do not tell clients this machine's LAN URLs
  --qr-room                               print a new private room's link and QR code instead
                                          of the app's, so a phone opens the room directly
  -h, --help                              show this help

HTTPS and WSS, on the same port (browsers keep some features, such as installing the
app, to secure pages):
  --tls-cert <file>      TLS_CERT         PEM certificate (chain); needs TLS_KEY too
  --tls-key <file>       TLS_KEY          PEM private key of that certificate
  --https                HTTPS=1          without TLS_CERT/TLS_KEY: a self-signed certificate
                                          in .certs/, made with openssl on first run for
                                          localhost, 127.0.0.1 and this machine's LAN IPv4
                                          addresses, and made again when an address is new or
                                          it nears expiry. Browsers warn once per certificate.

Several processes (behind one reverse proxy, no sticky sessions needed):
  --redis-url <url>      REDIS_URL        redis://[user:password@]host:port[/db]: rooms, signals
                                          and join limits are shared by every process on it.
                                          Prefer the variable when the URL has a password.
  --redis-prefix <p>     REDIS_PREFIX     prefix of its keys and channels (default ${DEFAULT_REDIS_PREFIX})
                         REDIS_PRESENCE_TTL  seconds after which a process that stopped
                                          renewing its presence is dropped from its rooms and
                                          its peers are announced as left (default ${DEFAULT_PRESENCE_TTL_MS / 1000})

Limits (0 turns a limit off):
  MAX_ROOMS               rooms open at once on this process (default ${DEFAULT_MAX_ROOMS})
Per client address (per /64 for IPv6):
  MAX_CONNECTIONS_PER_IP  open sockets (default ${DEFAULT_MAX_CONNECTIONS_PER_IP})
  JOIN_BURST              joins at once (default ${DEFAULT_JOIN_RATE_LIMIT.burst})
  JOIN_REFILL_SECONDS     then one more join per this many seconds (default ${seconds(DEFAULT_JOIN_RATE_LIMIT)})
  GUESS_BURST             public codes tried at once, live or not (default ${DEFAULT_PUBLIC_GUESS_RATE_LIMIT.burst})
  GUESS_REFILL_SECONDS    then one more try per this many seconds (default ${seconds(DEFAULT_PUBLIC_GUESS_RATE_LIMIT)})
Without TRUST_PROXY, everyone behind a reverse proxy shares its address: raise these there.`;

type Flag =
	| 'host'
	| 'port'
	| 'static-dir'
	| 'tls-cert'
	| 'tls-key'
	| 'stun-urls'
	| 'turn-urls'
	| 'turn-ttl'
	| 'redis-url'
	| 'redis-prefix';
const FLAGS: readonly Flag[] = [
	'redis-url',
	'redis-prefix',
	'host',
	'port',
	'static-dir',
	'tls-cert',
	'tls-key',
	'stun-urls',
	'turn-urls',
	'turn-ttl'
];

/** Flags without a value. */
type Switch = 'help' | 'no-lan' | 'trust-proxy' | 'https' | 'qr-room';
const SWITCHES: ReadonlyMap<string, Switch> = new Map([
	['-h', 'help'],
	['--help', 'help'],
	['--no-lan', 'no-lan'],
	['--trust-proxy', 'trust-proxy'],
	['--https', 'https'],
	['--qr-room', 'qr-room']
]);

function isFlag(name: string): name is Flag {
	return (FLAGS as readonly string[]).includes(name);
}

interface Flags {
	values: Map<Flag, string>;
	switches: Set<Switch>;
}

function parseFlags(argv: readonly string[]): Flags {
	const flags = new Map<Flag, string>();
	const switches = new Set<Switch>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const switchName = SWITCHES.get(arg);
		if (switchName !== undefined) {
			switches.add(switchName);
			continue;
		}
		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
		const name = match?.[1];
		if (!match || name === undefined || !isFlag(name)) {
			throw new ConfigError(`Unknown argument "${arg}". Run with --help for the options.`);
		}
		let value = match[2];
		if (value === undefined) {
			value = argv[i + 1];
			if (value === undefined || value.startsWith('--')) {
				throw new ConfigError(`--${name} needs a value.`);
			}
			i++;
		}
		flags.set(name, value);
	}
	return { values: flags, switches };
}

function parseBoolean(text: string, source: string): boolean {
	if (/^(?:1|true|yes|on)$/i.test(text)) return true;
	if (/^(?:0|false|no|off)$/i.test(text)) return false;
	throw new ConfigError(`${source} must be true or false, got "${text}".`);
}

function parsePort(text: string, source: string): number {
	if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
		throw new ConfigError(`${source} must be a port number from 0 to 65535, got "${text}".`);
	}
	return Number(text);
}

function parseWholeNumber(text: string | undefined, source: string): number | undefined {
	if (text === undefined) return undefined;
	if (!/^\d{1,9}$/.test(text)) {
		throw new ConfigError(`${source} must be a whole number, got "${text}".`);
	}
	return Number(text);
}

function parseSeconds(text: string | undefined, source: string): number | undefined {
	if (text === undefined) return undefined;
	const value = /^\d{1,6}(?:\.\d+)?$/.test(text) ? Number(text) : 0;
	if (!(value > 0)) throw new ConfigError(`${source} must be a number of seconds above 0, got "${text}".`);
	return value;
}

/** A token-bucket limit from a `<NAME>_BURST` and `<NAME>_REFILL_SECONDS` pair. */
function parseRateLimit(
	env: Readonly<Record<string, string | undefined>>,
	name: string,
	defaults: RateLimit
): RateLimit | null | undefined {
	const burst = parseWholeNumber(nonEmpty(env[`${name}_BURST`]), `${name}_BURST`);
	const refill = parseSeconds(nonEmpty(env[`${name}_REFILL_SECONDS`]), `${name}_REFILL_SECONDS`);
	if (burst === 0) return null;
	if (burst === undefined && refill === undefined) return undefined;
	return {
		burst: burst ?? defaults.burst,
		perSecond: refill === undefined ? defaults.perSecond : 1 / refill
	};
}

function parseIceServersText(text: string): IceServerConfig[] {
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

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads the server's settings from command-line flags and the environment. */
export function parseConfig(
	argv: readonly string[],
	env: Readonly<Record<string, string | undefined>>
): ServerConfig {
	const { values: flags, switches } = parseFlags(argv);

	const host = nonEmpty(flags.get('host')) ?? nonEmpty(env.HOST) ?? '0.0.0.0';
	const portFlag = flags.get('port');
	const portEnv = nonEmpty(env.PORT);
	const port =
		portFlag !== undefined
			? parsePort(portFlag, '--port')
			: portEnv !== undefined
				? parsePort(portEnv, 'PORT')
				: 3000;
	const staticText = nonEmpty(flags.get('static-dir')) ?? nonEmpty(env.STATIC_DIR);
	const iceText = nonEmpty(env.ICE_SERVERS);
	const origins = nonEmpty(env.ALLOWED_ORIGINS);
	const perIp = parseWholeNumber(nonEmpty(env.MAX_CONNECTIONS_PER_IP), 'MAX_CONNECTIONS_PER_IP');
	const maxRooms = parseWholeNumber(nonEmpty(env.MAX_ROOMS), 'MAX_ROOMS');
	const trustProxyText = nonEmpty(env.TRUST_PROXY);
	const trustProxy =
		switches.has('trust-proxy') ||
		(trustProxyText !== undefined && parseBoolean(trustProxyText, 'TRUST_PROXY'));

	const advertiseText = nonEmpty(env.ADVERTISE_LAN);
	const advertiseLan =
		!switches.has('no-lan') && (advertiseText === undefined || parseBoolean(advertiseText, 'ADVERTISE_LAN'));

	return {
		host,
		port,
		staticDir: staticText === undefined ? undefined : resolve(staticText),
		iceServers: iceText === undefined ? [] : parseIceServersText(iceText),
		stunUrls: parseIceUrls(
			nonEmpty(flags.get('stun-urls')) ?? nonEmpty(env.STUN_URLS),
			STUN_URL,
			'STUN_URLS'
		),
		turn: parseTurnSettings(flags, env),
		allowedOrigins: origins === undefined ? [] : parseOrigins(origins),
		maxConnectionsPerIp: perIp,
		// 0 would refuse every room, so like the other limits it means "no limit".
		maxRooms: maxRooms === 0 ? Number.MAX_SAFE_INTEGER : maxRooms,
		joinRateLimit: parseRateLimit(env, 'JOIN', DEFAULT_JOIN_RATE_LIMIT),
		publicGuessRateLimit: parseRateLimit(env, 'GUESS', DEFAULT_PUBLIC_GUESS_RATE_LIMIT),
		trustProxy,
		redis: parseRedisOptions(flags, env),
		advertiseLan,
		tls: parseTlsSource(flags, switches, env),
		qrRoom: switches.has('qr-room'),
		help: switches.has('help')
	};
}

function parseTlsSource(
	flags: ReadonlyMap<Flag, string>,
	switches: ReadonlySet<Switch>,
	env: Readonly<Record<string, string | undefined>>
): TlsSource | null {
	const certFile = nonEmpty(flags.get('tls-cert')) ?? nonEmpty(env.TLS_CERT);
	const keyFile = nonEmpty(flags.get('tls-key')) ?? nonEmpty(env.TLS_KEY);
	if (certFile !== undefined && keyFile !== undefined) {
		// Given files mean HTTPS whatever HTTPS says: they are the more specific setting.
		return { kind: 'files', certFile: resolve(certFile), keyFile: resolve(keyFile) };
	}
	if (certFile !== undefined || keyFile !== undefined) {
		const missing = certFile === undefined ? 'TLS_CERT (--tls-cert)' : 'TLS_KEY (--tls-key)';
		throw new ConfigError(
			`${missing} is missing: HTTPS needs both a certificate and its key. Use --https for a self-signed one.`
		);
	}
	const httpsText = nonEmpty(env.HTTPS);
	const https = switches.has('https') || (httpsText !== undefined && parseBoolean(httpsText, 'HTTPS'));
	return https ? { kind: 'self-signed' } : null;
}

function parseOrigins(text: string): string[] {
	return text
		.split(',')
		.map((o) => o.trim())
		.filter((o) => o !== '')
		.map((o) => {
			let url: URL;
			try {
				url = new URL(o);
			} catch {
				throw new ConfigError(`ALLOWED_ORIGINS has an invalid origin "${o}".`);
			}
			if (url.origin !== o) {
				throw new ConfigError(
					`ALLOWED_ORIGINS entries must be bare origins like https://example.org, got "${o}".`
				);
			}
			return o;
		});
}

/** `stun:host[:port]`, with `host` a name, an IPv4 address or a bracketed IPv6 address. */
const STUN_URL = /^stuns?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
/** `turn:host[:port][?transport=udp|tcp]` and its TLS form `turns:`. */
const TURN_URL = /^turns?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\?transport=(?:udp|tcp))?$/;

const MAX_TURN_TTL_SECONDS = 7 * 24 * 3600;

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

function parseTurnSettings(
	flags: ReadonlyMap<Flag, string>,
	env: Readonly<Record<string, string | undefined>>
): TurnSettings | null {
	const urls = parseIceUrls(
		nonEmpty(flags.get('turn-urls')) ?? nonEmpty(env.TURN_URLS),
		TURN_URL,
		'TURN_URLS'
	);
	// The secret is never quoted in a message: only whether it is there.
	const secret = nonEmpty(env.TURN_SECRET);
	const ttlSource = flags.has('turn-ttl') ? '--turn-ttl' : 'TURN_TTL';
	const ttl = parseWholeNumber(nonEmpty(flags.get('turn-ttl')) ?? nonEmpty(env.TURN_TTL), ttlSource);
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
	return { urls, secret, ttlSeconds: ttl ?? DEFAULT_TURN_TTL_SECONDS };
}

const REDIS_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

function parseRedisOptions(
	flags: ReadonlyMap<Flag, string>,
	env: Readonly<Record<string, string | undefined>>
): RedisRoomOptions | null {
	const url = nonEmpty(flags.get('redis-url')) ?? nonEmpty(env.REDIS_URL);
	const prefix = nonEmpty(flags.get('redis-prefix')) ?? nonEmpty(env.REDIS_PREFIX);
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
