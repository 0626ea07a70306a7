import type { SignalingOptions } from '../http/app-server';
import type { TlsCredentials } from '../http/tls-certificate';
import type { ServerConfig } from './parse-config';

/**
 * What `createSignalingServer` is given for a parsed config: settings the operator left unset
 * stay undefined, so the server's `DEFAULTS` apply.
 */
export function signalingOptionsFrom(config: ServerConfig, tls: TlsCredentials | null): SignalingOptions {
	const { stunUrls, iceServers } = config;
	return {
		host: config.host,
		port: config.port,
		staticDir: config.staticDir,
		iceServers: stunUrls.length > 0 ? [...iceServers, { urls: stunUrls }] : iceServers,
		turn: config.turn,
		allowedOrigins: config.allowedOrigins,
		allowedHosts: config.allowedHosts,
		maxConnectionsPerIp: config.maxConnectionsPerIp,
		maxConnections: config.maxConnections,
		maxHttpConnectionsPerIp: config.maxHttpConnectionsPerIp,
		maxRooms: config.maxRooms,
		joinRateLimit: config.joinRateLimit,
		publicGuessRateLimit: config.publicGuessRateLimit,
		globalGuessRateLimit: config.globalGuessRateLimit,
		trustProxy: config.trustProxy,
		redis: config.redis,
		...(tls ? { tls } : {}),
		// No LAN URLs at all, rather than the server's default of looking them up.
		...(config.advertiseLan ? {} : { lanUrls: [] })
	};
}
