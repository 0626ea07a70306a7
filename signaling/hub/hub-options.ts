import type { IncomingMessage } from 'node:http';
import type { IceServerConfig } from '#protocol/signaling-messages';
import { DEFAULTS } from '../defaults';
import { hostAllowlist } from '../http/host-allowlist';
import { securityHeaders } from '../http/security-headers';
import { consoleLogger, type Logger } from '../logger';
import type { RoomBackendSettings } from '../rooms/create-room-backend';
import type { RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { RoomKey } from '../rooms/membership';
import { turnIceServer, type TurnSettings } from '../turn/turn-credentials';
import type { RateLimit } from './token-bucket';

/** Every option is optional; `DEFAULTS` (in `signaling/defaults.ts`) holds what an unset one means. */
export interface HubOptions {
	/** Sent to every joiner. Default `[]`. */
	iceServers?: IceServerConfig[];
	/** A TURN relay sharing a secret with this server: each joiner gets its own credential. */
	turn?: TurnSettings | null;
	/** URLs on which the app is reachable from the LAN, sent to every joiner. Default `[]`. */
	lanUrls?: string[] | (() => string[]);
	/** Default `MAX_PEERS_PER_ROOM` (20). */
	maxPeersPerRoom?: number;
	/** Default 10 000. */
	maxRooms?: number;
	/** Largest frame in bytes; bigger ones are closed by `ws` with 1009. Default 64 KiB. */
	maxPayload?: number;
	/** Ping interval; a socket that has not ponged by the next tick is terminated. Default 30 s. */
	heartbeatMs?: number;
	/** Per-connection message budget. Default 150 burst, 30/s. */
	rateLimit?: RateLimit;
	/**
	 * Open sockets per client address (per /64 for IPv6). Default 200. Behind a reverse proxy
	 * without `trustProxy` every client shares the proxy's address: raise it there (0 turns the
	 * limit off).
	 */
	maxConnectionsPerIp?: number;
	/** Join messages per client address. Default `DEFAULTS.joinRateLimit`; null turns it off. */
	joinRateLimit?: RateLimit | null;
	/**
	 * Joins of a public room that do not create it (a tried code, live or not) per client
	 * address; resuming one's own place is free. Default `DEFAULTS.publicGuessRateLimit`;
	 * null turns it off.
	 */
	publicGuessRateLimit?: RateLimit | null;
	/**
	 * Those guesses from all addresses together (shared through Redis when configured). Default
	 * `DEFAULTS.globalGuessRateLimit`; null turns it off.
	 */
	globalGuessRateLimit?: RateLimit | null;
	/** Nearby asks per client address. Default `DEFAULTS.nearbyAskRateLimit`; null turns it off. */
	nearbyAskRateLimit?: RateLimit | null;
	/** Client addresses whose rate-limit state is kept; the idlest are forgotten. Default 10 000. */
	maxTrackedAddresses?: number;
	/** How long a departed member's id stays reserved for its resume token. Default 30 s. */
	idReservationMs?: number;
	/**
	 * Take the client address from the right-most `X-Forwarded-For` entry, which the reverse
	 * proxy in front appended. Only for a server that nobody can reach but through that proxy.
	 * Default false: the socket's remote address.
	 */
	trustProxy?: boolean;
	/** Origins allowed besides the page's own (Origin host equal to Host). Default `[]`. */
	allowedOrigins?: string[];
	/**
	 * Host names this server answers to besides localhost, loopback and this machine's addresses
	 * (and the hosts of `allowedOrigins`): the domain a reverse proxy passes on. Default `[]`.
	 */
	allowedHosts?: string[];
	/** Headers for the HTTP answers to refused upgrades. Default: `securityHeaders` without script hashes. */
	responseHeaders?: (req: IncomingMessage) => Record<string, string>;
	/** A recipient that lets more than this many bytes queue up is terminated. Default 1 MiB. */
	maxBufferedBytes?: number;
	/** Default `consoleLogger`. */
	logger?: Logger;
	/** The WebSocket path. Default `/ws`. */
	path?: string;
	/**
	 * Share rooms, signals and the per-address join limits with every other process connected
	 * to the same Redis. Default null: everything stays in this process.
	 */
	redis?: RedisRoomOptions | null;
}

export interface AttachOptions extends HubOptions {
	/**
	 * True when this hub owns every upgrade on the server: other paths are answered 404.
	 * False (the Vite dev server) leaves other upgrades, such as HMR, alone.
	 */
	exclusiveUpgrades?: boolean;
}

/** The options with every default filled in, and the ICE servers and LAN URLs as functions. */
export interface HubSettings extends RoomBackendSettings {
	path: string;
	exclusiveUpgrades: boolean;
	logger: Logger;
	/** Called per valid join: each joiner gets its own TURN credential, bound to its room. */
	iceServers: (roomKey: RoomKey) => IceServerConfig[];
	lanUrls: () => string[];
	maxPayload: number;
	heartbeatMs: number;
	rateLimit: RateLimit;
	maxConnectionsPerIp: number;
	joinRateLimit: RateLimit | null;
	publicGuessRateLimit: RateLimit | null;
	globalGuessRateLimit: RateLimit | null;
	nearbyAskRateLimit: RateLimit | null;
	trustProxy: boolean;
	allowedOrigins: ReadonlySet<string>;
	/** Whether this server answers to a Host header (`hostAllowlist`). */
	isAllowedHost: (host: string | undefined) => boolean;
	responseHeaders: (req: IncomingMessage) => Record<string, string>;
	maxBufferedBytes: number;
}

function iceServersPerJoin(
	staticServers: IceServerConfig[],
	turn: TurnSettings | null
): (roomKey: RoomKey) => IceServerConfig[] {
	// Minted per join, so each browser's credential expires on its own schedule.
	return (roomKey) => (turn ? [...staticServers, turnIceServer(turn, Date.now(), roomKey)] : staticServers);
}

export function hubSettings(options: AttachOptions): HubSettings {
	const lanUrls = options.lanUrls ?? [];
	return {
		path: options.path ?? DEFAULTS.path,
		exclusiveUpgrades: options.exclusiveUpgrades ?? false,
		logger: options.logger ?? consoleLogger,
		iceServers: iceServersPerJoin(options.iceServers ?? [], options.turn ?? null),
		lanUrls: typeof lanUrls === 'function' ? lanUrls : () => lanUrls,
		maxPeersPerRoom: options.maxPeersPerRoom ?? DEFAULTS.maxPeersPerRoom,
		maxRooms: options.maxRooms ?? DEFAULTS.maxRooms,
		maxPayload: options.maxPayload ?? DEFAULTS.maxPayload,
		heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
		rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
		maxConnectionsPerIp: options.maxConnectionsPerIp ?? DEFAULTS.maxConnectionsPerIp,
		// Null is kept: it turns the limit off.
		joinRateLimit: options.joinRateLimit === undefined ? DEFAULTS.joinRateLimit : options.joinRateLimit,
		publicGuessRateLimit:
			options.publicGuessRateLimit === undefined
				? DEFAULTS.publicGuessRateLimit
				: options.publicGuessRateLimit,
		globalGuessRateLimit:
			options.globalGuessRateLimit === undefined
				? DEFAULTS.globalGuessRateLimit
				: options.globalGuessRateLimit,
		nearbyAskRateLimit:
			options.nearbyAskRateLimit === undefined ? DEFAULTS.nearbyAskRateLimit : options.nearbyAskRateLimit,
		maxTrackedAddresses: options.maxTrackedAddresses ?? DEFAULTS.maxTrackedAddresses,
		idReservationMs: options.idReservationMs ?? DEFAULTS.idReservationMs,
		trustProxy: options.trustProxy ?? false,
		allowedOrigins: new Set(options.allowedOrigins ?? []),
		isAllowedHost: hostAllowlist({
			allowedHosts: options.allowedHosts ?? [],
			allowedOrigins: options.allowedOrigins ?? []
		}),
		responseHeaders: options.responseHeaders ?? ((req) => securityHeaders(req.headers.host, [])),
		maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
		redis: options.redis ?? null
	};
}
