import { resolve } from 'node:path';
import type { IceServerConfig } from '#protocol/signaling-messages';
import { DEFAULTS } from '../defaults';
import type { RateLimit } from '../hub/token-bucket';
import type { RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { TurnSettings } from '../turn/turn-credentials';
import { parseCommandLine, type CommandLine, type Environment } from './command-line';
import { parseIceServersText, parseStunUrls, parseTurnSettings } from './ice-settings';
import { parseRedisOptions } from './redis-settings';
import { parseTlsSource, type TlsSource } from './tls-source';
import {
	booleanVariable,
	nonEmpty,
	parseHosts,
	parseOrigins,
	parsePort,
	parseRateLimit,
	parseWholeNumber
} from './value-parsers';

export { ConfigError } from '../config-error';
export { USAGE } from './usage';
export type { TlsSource } from './tls-source';

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
	/** ALLOWED_HOSTS: host names the server answers to besides its own addresses. */
	allowedHosts: string[];
	/** Undefined keeps the server's default (for these and the limits below). */
	maxConnectionsPerIp: number | undefined;
	maxConnections: number | undefined;
	maxHttpConnectionsPerIp: number | undefined;
	/** Undefined keeps the server's default. */
	maxRooms: number | undefined;
	/** Undefined keeps the server's default; null turns the limit off. */
	joinRateLimit: RateLimit | null | undefined;
	/** Undefined keeps the server's default; null turns the limit off. */
	publicGuessRateLimit: RateLimit | null | undefined;
	/** Undefined keeps the server's default; null turns the limit off. */
	globalGuessRateLimit: RateLimit | null | undefined;
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

/** HOST (--host) and PORT (--port); a flag given empty is an error, an empty variable is unset. */
function parseListenAddress({ values }: CommandLine, env: Environment): { host: string; port: number } {
	const host = nonEmpty(values.get('host')) ?? nonEmpty(env.HOST) ?? DEFAULTS.host;
	const portFlag = values.get('port');
	const portEnv = nonEmpty(env.PORT);
	const port =
		portFlag !== undefined
			? parsePort(portFlag, '--port')
			: portEnv !== undefined
				? parsePort(portEnv, 'PORT')
				: DEFAULTS.port;
	return { host, port };
}

/** Reads the server's settings from command-line flags and the environment. */
export function parseConfig(argv: readonly string[], env: Environment): ServerConfig {
	const commandLine = parseCommandLine(argv);
	const { switches } = commandLine;
	const { host, port } = parseListenAddress(commandLine, env);
	const staticText = nonEmpty(commandLine.values.get('static-dir')) ?? nonEmpty(env.STATIC_DIR);
	const maxConnectionsPerIp = parseWholeNumber(
		nonEmpty(env.MAX_CONNECTIONS_PER_IP),
		'MAX_CONNECTIONS_PER_IP'
	);
	const maxRooms = parseWholeNumber(nonEmpty(env.MAX_ROOMS), 'MAX_ROOMS');
	const whole = (name: string): number | undefined => parseWholeNumber(nonEmpty(env[name]), name);
	const trustProxy = switches.has('trust-proxy') || booleanVariable(env, 'TRUST_PROXY', false);
	const advertiseLan = !switches.has('no-lan') && booleanVariable(env, 'ADVERTISE_LAN', true);
	return {
		host,
		port,
		staticDir: staticText === undefined ? undefined : resolve(staticText),
		iceServers: parseIceServersText(nonEmpty(env.ICE_SERVERS)),
		stunUrls: parseStunUrls(commandLine, env),
		turn: parseTurnSettings(commandLine, env),
		allowedOrigins: parseOrigins(nonEmpty(env.ALLOWED_ORIGINS)),
		allowedHosts: parseHosts(nonEmpty(env.ALLOWED_HOSTS)),
		maxConnectionsPerIp,
		maxConnections: whole('MAX_CONNECTIONS'),
		maxHttpConnectionsPerIp: whole('MAX_HTTP_CONNECTIONS_PER_IP'),
		// 0 would refuse every room, so like the other limits it means "no limit".
		maxRooms: maxRooms === 0 ? Number.MAX_SAFE_INTEGER : maxRooms,
		joinRateLimit: parseRateLimit(env, 'JOIN', DEFAULTS.joinRateLimit),
		publicGuessRateLimit: parseRateLimit(env, 'GUESS', DEFAULTS.publicGuessRateLimit),
		globalGuessRateLimit: parseRateLimit(env, 'GLOBAL_GUESS', DEFAULTS.globalGuessRateLimit),
		trustProxy,
		redis: parseRedisOptions(commandLine, env),
		advertiseLan,
		tls: parseTlsSource(commandLine, env),
		qrRoom: switches.has('qr-room'),
		help: switches.has('help')
	};
}
