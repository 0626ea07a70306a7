import { join } from 'node:path';
import { MAX_FRAME_BYTES, MAX_PEERS_PER_ROOM } from '#protocol/signaling-messages';
import type { RateLimit } from './hub/token-bucket';
import { projectRoot } from './project-root';

/**
 * Every default of the server, in one place: the hub, the HTTP server, the room backends and
 * the usage text all read them from here. It sits beside `logger.ts`, outside every folder,
 * because every layer needs it (`attachSignaling` runs with no config at all in the dev server).
 */
export const DEFAULTS = Object.freeze({
	/** The interface to listen on. */
	host: '0.0.0.0',
	/** 0 picks a free port. */
	port: 3000,
	/** The built SPA: `build/` at the repository root, where adapter-static writes it. */
	staticDir: join(projectRoot(), 'build'),
	/** Where `--https` keeps its self-signed certificate: `.certs/` at the root (gitignored). */
	certDir: join(projectRoot(), '.certs'),
	/** A request whose headers have not all arrived by then is cut off (slow-header attacks). */
	headersTimeoutMs: 10_000,
	/** A request not fully received by then is cut off; WebSockets, once upgraded, are not. */
	requestTimeoutMs: 30_000,
	/** How often Node checks those two timeouts (its default, 30 s, lets a slow client linger). */
	connectionsCheckingIntervalMs: 1000,
	/** TCP connections open at once, WebSockets included; beyond it new ones are dropped. */
	maxConnections: 10_000,
	/**
	 * Plain HTTP connections (not WebSockets) open at once per client address (per /64 for IPv6).
	 * A browser opens about six; this leaves room for a few behind one NAT.
	 */
	maxHttpConnectionsPerIp: 64,
	/** Public codes tried across all addresses together: walking the code space stays slow. */
	globalGuessRateLimit: Object.freeze<RateLimit>({ burst: 300, perSecond: 2 }),
	/** The WebSocket path. */
	path: '/ws',
	/** Largest frame in bytes; bigger ones are closed by `ws` with 1009. */
	maxPayload: MAX_FRAME_BYTES,
	maxPeersPerRoom: MAX_PEERS_PER_ROOM,
	/** Ping interval; a socket that has not ponged by the next tick is terminated. */
	heartbeatMs: 30_000,
	/** Per-connection message budget. */
	rateLimit: Object.freeze<RateLimit>({ burst: 150, perSecond: 30 }),
	/** Rooms open at once on this process. */
	maxRooms: 10_000,
	/** Open sockets per client address (per /64 for IPv6). */
	maxConnectionsPerIp: 200,
	/** Joins per client address: no person joins 30 rooms in a row, nor more than one every 2 s. */
	joinRateLimit: Object.freeze<RateLimit>({ burst: 30, perSecond: 1 / 2 }),
	/**
	 * Public codes tried per client address. A room of colleagues behind one NAT all typing the
	 * same code fits the burst; a script walking the code space gets one try every 5 s.
	 */
	publicGuessRateLimit: Object.freeze<RateLimit>({ burst: 20, perSecond: 1 / 5 }),
	/**
	 * How long a departed member's id stays reserved for its resume token: a tab whose socket
	 * dropped gets its place back, nobody else can take it meanwhile.
	 */
	idReservationMs: 30_000,
	/** Client addresses whose rate-limit state is kept; the idlest are forgotten. */
	maxTrackedAddresses: 10_000,
	/** A recipient that lets more than this many bytes queue up is terminated. */
	maxBufferedBytes: 1024 * 1024,
	/** Prefix of every Redis key and channel. */
	redisPrefix: 'vanishdrop',
	/** A process that has not renewed its Redis presence for this long is taken for dead. */
	presenceTtlMs: 10_000,
	/** Nearby asks per client address: a person taps a few devices, a script gets one every 3 s. */
	nearbyAskRateLimit: Object.freeze<RateLimit>({ burst: 10, perSecond: 1 / 3 }),
	/** How soon one device may ask the same device again. */
	nearbyCooldownMs: 5000,
	/** Asks one device may have waiting for an answer at once. */
	nearbyMaxOpenAsks: 3,
	/** Nearby lists go out this long after a change, every change meanwhile at once. */
	nearbyFlushMs: 150,
	/** One hour: long enough for a session in a room, short enough that a leaked one soon expires. */
	turnTtlSeconds: 3600
});
