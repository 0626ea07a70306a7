import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { CloseCode } from '#protocol/close-codes';
import type { ErrorCode } from '#protocol/error-codes';
import {
	MAX_FRAME_BYTES,
	MAX_PEERS_PER_ROOM,
	encodeMessage,
	parseClientMessage,
	type ClientMessage,
	type IceServerConfig,
	type ServerMessage
} from '#protocol/signaling-messages';
import { addressKey, clientAddress } from './client-address';
import { consoleLogger, roomTag, type Logger } from '../logger';
import { MemoryRoomBackend } from '../rooms/memory-room-backend';
import { RedisRoomBackend, type RedisRoomOptions } from '../rooms/redis/redis-room-backend';
import type { RoomBackend, RoomEvents, RoomMessage } from '../rooms/room-backend';
import type { Member } from '../rooms/room-registry';
import { isPlainHost, securityHeaders } from '../http/security-headers';
import { TokenBucket, type RateLimit } from './token-bucket';
import { turnIceServer, type TurnSettings } from '../turn/turn-credentials';

/** Joins per client address: no person joins 30 rooms in a row, nor more than one every 2 s. */
export const DEFAULT_JOIN_RATE_LIMIT: RateLimit = { burst: 30, perSecond: 1 / 2 };
/**
 * Public codes tried per client address. A room of colleagues behind one NAT all typing the
 * same code fits the burst; a script walking the code space gets one try every 5 s.
 */
export const DEFAULT_PUBLIC_GUESS_RATE_LIMIT: RateLimit = { burst: 20, perSecond: 1 / 5 };
export const DEFAULT_MAX_ROOMS = 10_000;
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 200;

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
	/** Join messages per client address. Default `DEFAULT_JOIN_RATE_LIMIT`; null turns it off. */
	joinRateLimit?: RateLimit | null;
	/**
	 * Joins of a public room that do not create it (a tried code, live or not) per client
	 * address; resuming one's own place is free. Default `DEFAULT_PUBLIC_GUESS_RATE_LIMIT`;
	 * null turns it off.
	 */
	publicGuessRateLimit?: RateLimit | null;
	/** Client addresses whose rate-limit state is kept; the idlest are forgotten. Default 10 000. */
	maxTrackedAddresses?: number;
	/**
	 * Take the client address from the right-most `X-Forwarded-For` entry, which the reverse
	 * proxy in front appended. Only for a server that nobody can reach but through that proxy.
	 * Default false: the socket's remote address.
	 */
	trustProxy?: boolean;
	/** Origins allowed besides the page's own (Origin host equal to Host). Default `[]`. */
	allowedOrigins?: string[];
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

export interface SignalingStats {
	rooms: number;
	/** Open WebSocket connections, joined or not. */
	clients: number;
	/** Connections that joined a room. */
	peers: number;
}

export interface SignalingHub {
	/** Resolves once joins can be served (at once without Redis); rejects if Redis is unreachable. */
	ready: Promise<void>;
	stats(): SignalingStats;
	/** Closes every client with 1001 and detaches from the HTTP server (which stays open). */
	close(): Promise<void>;
}

/** The minimal part of an HTTP server the hub needs: Node's, Vite's or an HTTPS one. */
export interface UpgradeSource {
	on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
	off(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
}

interface Client {
	readonly seq: number;
	readonly ws: WebSocket;
	/** `addressKey` of the client's address: what per-address limits count under. */
	readonly ip: string;
	readonly bucket: TokenBucket;
	alive: boolean;
	/** Set once the server decided to close it: later frames are ignored. */
	closing: boolean;
	/** Cuts off a client that does not complete the closing handshake. */
	closeTimer: ReturnType<typeof setTimeout> | null;
	member: Member<Client> | null;
	/** The client's messages run one after another, each after the previous one's backend work. */
	queue: Promise<void>;
	/** While a join is under way: room messages that must wait until `peers` went out. */
	held: RoomMessage[] | null;
}

type Handler<M extends ClientMessage> = (client: Client, message: M) => void | Promise<void>;
type Handlers = { [T in ClientMessage['type']]: Handler<Extract<ClientMessage, { type: T }>> };

// Fixed texts: the server never echoes input back.
const ERROR_TEXT: Record<ErrorCode, string> = {
	'bad-message': 'Malformed or unknown message.',
	'bad-room': 'Invalid room.',
	'bad-name': 'Invalid name.',
	'room-full': 'This room is full.',
	'no-such-room': 'No room with this code.',
	'room-exists': 'This code is already in use.',
	'id-taken': 'This peer id is already in the room.',
	'not-joined': 'Join a room first.',
	'already-joined': 'This connection already joined a room.',
	'unknown-peer': 'That peer is not in this room.',
	'rate-limited': 'Too many requests. Wait a moment and try again.',
	'too-many-rooms': 'The server has too many rooms right now.',
	'too-many-connections': 'Too many connections from this address.'
};

const CLOSE_REASON = 'protocol-error';

/** For a handler that threw: a server bug, not the client's fault. */
const INTERNAL_ERROR_CLOSE_CODE = 1011;

/** How long a client the server closes may take to answer the close (ws waits 30 s). */
const CLOSE_GRACE_MS = 2000;

/**
 * Sockets past the per-address cap are accepted just long enough to hear `too-many-connections`;
 * past this many of those, upgrades are refused outright so a client ignoring closes cannot pile
 * them up.
 */
const OVER_CAP_SLACK = 10;

/**
 * Signal payloads are SDP and ICE candidates, a few levels deep. Deeper JSON is refused: it
 * parses fine but would overflow the stack when serialized for the recipient.
 */
const MAX_SIGNAL_DEPTH = 32;

function pathOf(url: string | undefined): string {
	return (url ?? '/').split('?', 1)[0] ?? '/';
}

/** Whether `value` nests no deeper than `levels` arrays or objects. */
function nestsWithin(value: unknown, levels: number): boolean {
	if (typeof value !== 'object' || value === null) return true;
	if (levels === 0) return false;
	const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
	return children.every((child) => nestsWithin(child, levels - 1));
}

function rawText(data: RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return data.toString('utf8');
}

/** Answers an upgrade request with a bodiless HTTP error; no input goes into the answer. */
function rejectUpgrade(socket: Duplex, status: number, headers: Record<string, string>): void {
	if (!socket.writable) {
		socket.destroy();
		return;
	}
	const lines = [
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
		'Connection: close',
		'Content-Length: 0',
		...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
	];
	socket.once('finish', () => socket.destroy());
	socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}

function onSocketError(): void {
	// Network errors before the upgrade completes need no action beyond not crashing.
}

/**
 * Same-origin pages, non-browser clients (no Origin header) and the allowed origins. Same
 * origin means the Origin's host and port equal the Host header's, compared as URL hosts so
 * that case and default ports do not matter.
 */
export function isAllowedOrigin(
	origin: string | undefined,
	host: string | undefined,
	allowedOrigins: ReadonlySet<string>
): boolean {
	if (origin === undefined) return true;
	if (allowedOrigins.has(origin)) return true;
	if (!isPlainHost(host)) return false;
	try {
		const url = new URL(origin);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
		return url.host === new URL(`${url.protocol}//${host}`).host;
	} catch {
		return false;
	}
}

/**
 * Attaches the `/ws` signaling endpoint to an existing HTTP server, so the standalone server
 * and the Vite dev server share one implementation.
 */
export function attachSignaling(server: UpgradeSource, options: AttachOptions = {}): SignalingHub {
	const path = options.path ?? '/ws';
	const log = options.logger ?? consoleLogger;
	const staticIceServers = options.iceServers ?? [];
	const turn = options.turn ?? null;
	// Minted per join, so each browser's credential expires on its own schedule.
	const iceServers = (): IceServerConfig[] =>
		turn ? [...staticIceServers, turnIceServer(turn)] : staticIceServers;
	const rateLimit = options.rateLimit ?? { burst: 150, perSecond: 30 };
	const maxPerIp = options.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP;
	const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
	const trustProxy = options.trustProxy ?? false;
	const allowedOrigins: ReadonlySet<string> = new Set(options.allowedOrigins ?? []);
	const responseHeaders =
		options.responseHeaders ?? ((req: IncomingMessage) => securityHeaders(req.headers.host, []));
	const lanUrlsOption = options.lanUrls ?? [];
	const lanUrls = typeof lanUrlsOption === 'function' ? lanUrlsOption : () => lanUrlsOption;

	const roomEvents: RoomEvents<Client> = {
		deliver(client, message) {
			if (client.held) client.held.push(message);
			else send(client, message);
		},
		replaced(old) {
			old.member = null;
			log('replaced', { conn: old.seq });
			closeClient(old, CloseCode.replaced, 'replaced');
		},
		evicted(client) {
			client.member = null;
			log('evicted', { conn: client.seq });
			closeClient(client, CloseCode.goingAway, 'rejoin');
		}
	};
	const limits = {
		maxPeersPerRoom: options.maxPeersPerRoom ?? MAX_PEERS_PER_ROOM,
		maxRooms: options.maxRooms ?? DEFAULT_MAX_ROOMS
	};
	const rooms: RoomBackend<Client> = options.redis
		? new RedisRoomBackend<Client>({ ...options.redis, ...limits, logger: log }, roomEvents)
		: new MemoryRoomBackend<Client>(
				{ ...limits, maxTrackedAddresses: options.maxTrackedAddresses ?? 10_000 },
				roomEvents
			);
	const joinLimit = options.joinRateLimit === undefined ? DEFAULT_JOIN_RATE_LIMIT : options.joinRateLimit;
	const guessLimit =
		options.publicGuessRateLimit === undefined
			? DEFAULT_PUBLIC_GUESS_RATE_LIMIT
			: options.publicGuessRateLimit;
	const joinLimiter = joinLimit && rooms.rateLimiter('join', joinLimit);
	const guessLimiter = guessLimit && rooms.rateLimiter('guess', guessLimit);

	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		maxPayload: options.maxPayload ?? MAX_FRAME_BYTES,
		// The protocol has no subprotocols; by default `ws` would echo the first one offered.
		handleProtocols: () => false
	});
	const clients = new Map<WebSocket, Client>();
	// Entries exist only while their address has open sockets, so this stays bounded too.
	const connectionsPerIp = new Map<string, number>();
	// Leaves still under way, which `close` waits for before it closes the backend.
	const leaving = new Set<Promise<void>>();
	let nextSeq = 1;
	let shuttingDown = false;
	let onAllClosed: (() => void) | null = null;

	// Handshakes `ws` refuses (bad key, version or subprotocol header) get the same headers.
	wss.on('wsClientError', (_error, socket, req) => rejectUpgrade(socket, 400, responseHeaders(req)));

	function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		if (pathOf(req.url) !== path) {
			if (options.exclusiveUpgrades) {
				socket.on('error', onSocketError);
				rejectUpgrade(socket, 404, responseHeaders(req));
			}
			return;
		}
		// Node removed its own error listener when it handed over the socket.
		socket.on('error', onSocketError);
		const refuse = (status: number): void => rejectUpgrade(socket, status, responseHeaders(req));
		if (shuttingDown) return refuse(503);
		if (req.method !== 'GET') return refuse(405);
		if (!isAllowedOrigin(req.headers.origin, req.headers.host, allowedOrigins)) return refuse(403);
		const ip = addressKey(clientAddress(req, trustProxy));
		if (maxPerIp > 0 && (connectionsPerIp.get(ip) ?? 0) >= maxPerIp + OVER_CAP_SLACK) return refuse(429);
		wss.handleUpgrade(req, socket, head, (ws) => {
			socket.off('error', onSocketError);
			onConnection(ws, ip);
		});
	}

	function send(client: Client, message: ServerMessage): void {
		const { ws } = client;
		if (ws.readyState !== WebSocket.OPEN) return;
		// A peer that does not read must not make the server buffer without bound.
		if (ws.bufferedAmount > maxBuffered) {
			log('conn.slow', { conn: client.seq });
			ws.terminate();
			return;
		}
		ws.send(encodeMessage(message));
	}

	function sendError(client: Client, code: ErrorCode): void {
		send(client, { type: 'error', code, message: ERROR_TEXT[code] });
	}

	/** A typed error, then a close: what a client that breaks the rules gets. */
	function fail(client: Client, code: ErrorCode, closeCode: number, limit?: string): void {
		if (client.closing) return;
		log('reject', { conn: client.seq, code, close: closeCode, ...(limit ? { limit } : {}) });
		sendError(client, code);
		closeClient(client, closeCode, code === 'bad-message' ? CLOSE_REASON : code);
	}

	function closeClient(client: Client, code: number, reason: string): void {
		client.closing = true;
		client.ws.close(code, reason);
		client.closeTimer ??= setTimeout(() => client.ws.terminate(), CLOSE_GRACE_MS);
	}

	/**
	 * The per-address join budgets. A public join that does not create its room is a guess at
	 * a code; when the guess budget is empty even creating is refused, or "created" versus
	 * "refused" would tell which codes are live.
	 */
	async function withinJoinLimits(
		client: Client,
		message: Extract<ClientMessage, { type: 'join' }>
	): Promise<boolean> {
		if (joinLimiter && !(await joinLimiter.take(client.ip))) {
			fail(client, 'rate-limited', CloseCode.rateLimited, 'joins');
			return false;
		}
		const { room } = message;
		if (!guessLimiter || room.kind !== 'public') return true;
		// Taking over one's own place needs the secret resume token: that is no guess.
		if (await rooms.isResume(room, message.peerId, message.resumeToken)) return true;
		const guess = !message.create || (await rooms.hasRoom(room));
		const allowed = guess ? await guessLimiter.take(client.ip) : await guessLimiter.hasToken(client.ip);
		if (!allowed) {
			fail(client, 'rate-limited', CloseCode.rateLimited, 'guesses');
			return false;
		}
		return true;
	}

	const handlers: Handlers = {
		async join(client, message) {
			if (client.member) return fail(client, 'already-joined', CloseCode.badMessage);
			if (!(await withinJoinLimits(client, message))) return;
			client.held = [];
			const result = await rooms
				.join({
					room: message.room,
					create: message.create,
					peerId: message.peerId,
					resumeToken: message.resumeToken,
					name: message.name,
					conn: client
				})
				.catch((error: unknown) => {
					client.held = null;
					throw error;
				});
			if (!result.ok) {
				client.held = null;
				switch (result.error) {
					case 'room-full':
						return fail(client, 'room-full', CloseCode.roomFull);
					case 'no-such-room':
						return fail(client, 'no-such-room', CloseCode.noSuchRoom);
					case 'too-many-rooms':
						return fail(client, 'too-many-rooms', CloseCode.overCapacity);
					case 'room-exists':
					case 'id-taken':
						// Recoverable on this socket: the client retries with another code or id.
						log('join.refused', { conn: client.seq, code: result.error });
						return sendError(client, result.error);
				}
			}
			const { member, peers, resumed } = result;
			client.member = member;
			send(client, {
				type: 'peers',
				self: member.peerId,
				peers,
				iceServers: iceServers(),
				lanUrls: lanUrls()
			});
			const held = client.held ?? [];
			client.held = null;
			for (const message of held) send(client, message);
			result.announce();
			const room = roomTag(member.roomKey);
			if (resumed) log('resume', { conn: client.seq, peer: member.peerId, room });
			else log('join', { conn: client.seq, peer: member.peerId, room, size: peers.length + 1 });
		},

		async rename(client, message) {
			const member = client.member;
			if (!member) return fail(client, 'not-joined', CloseCode.badMessage);
			if (member.name === message.name) return;
			await rooms.rename(member, message.name);
		},

		async signal(client, message) {
			const member = client.member;
			if (!member) return fail(client, 'not-joined', CloseCode.badMessage);
			if (!nestsWithin(message.data, MAX_SIGNAL_DEPTH)) {
				return fail(client, 'bad-message', CloseCode.badMessage);
			}
			// Peers leave all the time, so a signal to a gone peer is not a violation.
			if (!(await rooms.signal(member, message.to, message.data))) sendError(client, 'unknown-peer');
		}
	};

	async function dispatch(client: Client, message: ClientMessage): Promise<void> {
		// Messages queued before the server decided to close the client are dropped too.
		if (client.closing) return;
		// TypeScript cannot correlate `message.type` with the handler's parameter type.
		const handler = handlers[message.type] as Handler<ClientMessage>;
		await handler(client, message);
	}

	/** A handler that threw is a server bug (or Redis gone): that client is closed, nobody else. */
	function onInternalError(client: Client, error: unknown): void {
		// The error's message could quote input, so only its class is logged.
		log('conn.internal-error', {
			conn: client.seq,
			error: error instanceof Error ? error.name : typeof error
		});
		closeClient(client, INTERNAL_ERROR_CLOSE_CODE, 'internal-error');
	}

	function onMessage(client: Client, data: RawData, isBinary: boolean): void {
		if (client.closing) return;
		if (!client.bucket.take()) return fail(client, 'rate-limited', CloseCode.rateLimited, 'messages');
		const message = isBinary ? null : parseClientMessage(rawText(data));
		if (!message) return fail(client, 'bad-message', CloseCode.badMessage);
		client.queue = client.queue
			.then(() => dispatch(client, message))
			.catch((error: unknown) => onInternalError(client, error));
	}

	function onConnection(ws: WebSocket, ip: string): void {
		const client: Client = {
			seq: nextSeq++,
			ws,
			ip,
			bucket: new TokenBucket(rateLimit),
			alive: true,
			closing: false,
			closeTimer: null,
			member: null,
			queue: Promise.resolve(),
			held: null
		};
		clients.set(ws, client);
		const count = (connectionsPerIp.get(ip) ?? 0) + 1;
		connectionsPerIp.set(ip, count);

		ws.on('error', (error: Error & { code?: string }) => {
			log('conn.error', { conn: client.seq, code: error.code ?? 'unknown' });
		});
		ws.on('pong', () => {
			client.alive = true;
		});
		ws.on('message', (data, isBinary) => onMessage(client, data, isBinary));
		ws.on('close', (code) => onClose(client, code));

		if (maxPerIp > 0 && count > maxPerIp) {
			fail(client, 'too-many-connections', CloseCode.overCapacity);
		}
	}

	function onClose(client: Client, code: number): void {
		if (client.closeTimer) clearTimeout(client.closeTimer);
		clients.delete(client.ws);
		const left = (connectionsPerIp.get(client.ip) ?? 1) - 1;
		if (left > 0) connectionsPerIp.set(client.ip, left);
		else connectionsPerIp.delete(client.ip);

		// After whatever the client sent last, such as a join still under way.
		const leave = client.queue
			.then(async () => {
				const member = client.member;
				client.member = null;
				if (!member || !(await rooms.leave(member))) return;
				log('leave', { conn: client.seq, peer: member.peerId, room: roomTag(member.roomKey), code });
			})
			.catch((error: unknown) => {
				log('leave.error', { conn: client.seq, error: error instanceof Error ? error.name : typeof error });
			})
			.finally(() => leaving.delete(leave));
		leaving.add(leave);
		if (clients.size === 0) onAllClosed?.();
	}

	// The ws README heartbeat: whoever missed the previous ping is gone.
	const heartbeat = setInterval(() => {
		for (const client of clients.values()) {
			if (!client.alive) {
				log('heartbeat.timeout', { conn: client.seq });
				client.ws.terminate();
				continue;
			}
			client.alive = false;
			client.ws.ping();
		}
	}, options.heartbeatMs ?? 30_000);

	server.on('upgrade', onUpgrade);

	let closed: Promise<void> | null = null;

	async function close(): Promise<void> {
		shuttingDown = true;
		clearInterval(heartbeat);
		server.off('upgrade', onUpgrade);
		if (clients.size > 0) {
			const allClosed = new Promise<void>((resolve) => {
				onAllClosed = resolve;
			});
			for (const client of clients.values()) closeClient(client, CloseCode.goingAway, 'shutdown');
			// Clients that do not answer the closing handshake are cut off.
			const timer = setTimeout(() => {
				for (const client of clients.values()) client.ws.terminate();
			}, 1000);
			await allClosed;
			clearTimeout(timer);
		}
		await Promise.all(leaving);
		await rooms.close();
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	}

	return {
		ready: rooms.ready,
		stats: () => {
			const { rooms: roomCount, members } = rooms.stats();
			return { rooms: roomCount, clients: clients.size, peers: members };
		},
		close: () => (closed ??= close())
	};
}
