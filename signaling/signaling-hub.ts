import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
	CloseCode,
	MAX_FRAME_BYTES,
	MAX_PEERS_PER_ROOM,
	encodeMessage,
	parseClientMessage,
	type ClientMessage,
	type ErrorCode,
	type IceServerConfig,
	type ServerMessage
} from '../src/lib/protocol/signaling-protocol';
import { consoleLogger, roomTag, type Logger } from './logger';
import { RoomRegistry, peerInfo, type Member } from './room-registry';
import { TokenBucket, type RateLimit } from './token-bucket';

/** Close code for a socket whose peer id was taken over by a resuming connection. */
export const REPLACED_CLOSE_CODE = 4000;

export interface HubOptions {
	/** Sent to every joiner. Default `[]`. */
	iceServers?: IceServerConfig[];
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
	 * Open sockets per remote address. Default 200. Behind a reverse proxy every client
	 * shares the proxy's address: raise it there (0 turns the limit off).
	 */
	maxConnectionsPerIp?: number;
	/** Origins allowed besides the page's own (Origin host equal to Host). Default `[]`. */
	allowedOrigins?: string[];
	/** A recipient that lets more than this many bytes queue up is terminated. Default 1 MiB. */
	maxBufferedBytes?: number;
	/** Default `consoleLogger`. */
	logger?: Logger;
	/** The WebSocket path. Default `/ws`. */
	path?: string;
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
	readonly ip: string;
	readonly bucket: TokenBucket;
	alive: boolean;
	/** Set once the server decided to close it: later frames are ignored. */
	closing: boolean;
	member: Member<Client> | null;
}

type Handler<M extends ClientMessage> = (client: Client, message: M) => void;
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
	'rate-limited': 'Too many messages.',
	'too-many-rooms': 'The server has too many rooms right now.',
	'too-many-connections': 'Too many connections from this address.'
};

const CLOSE_REASON = 'protocol-error';

function pathOf(url: string | undefined): string {
	return (url ?? '/').split('?', 1)[0] ?? '/';
}

function rawText(data: RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return data.toString('utf8');
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
	socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}

function onSocketError(): void {
	// Network errors before the upgrade completes need no action beyond not crashing.
}

/**
 * Attaches the `/ws` signaling endpoint to an existing HTTP server, so the standalone server
 * and the Vite dev server share one implementation.
 */
export function attachSignaling(server: UpgradeSource, options: AttachOptions = {}): SignalingHub {
	const path = options.path ?? '/ws';
	const log = options.logger ?? consoleLogger;
	const iceServers = options.iceServers ?? [];
	const rateLimit = options.rateLimit ?? { burst: 150, perSecond: 30 };
	const maxPerIp = options.maxConnectionsPerIp ?? 200;
	const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
	const allowedOrigins = new Set(options.allowedOrigins ?? []);
	const lanUrlsOption = options.lanUrls ?? [];
	const lanUrls = typeof lanUrlsOption === 'function' ? lanUrlsOption : () => lanUrlsOption;

	const registry = new RoomRegistry<Client>({
		maxPeersPerRoom: options.maxPeersPerRoom ?? MAX_PEERS_PER_ROOM,
		maxRooms: options.maxRooms ?? 10_000
	});
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		maxPayload: options.maxPayload ?? MAX_FRAME_BYTES
	});
	const clients = new Map<WebSocket, Client>();
	const connectionsPerIp = new Map<string, number>();
	let nextSeq = 1;
	let shuttingDown = false;
	let onAllClosed: (() => void) | null = null;

	/** Same-origin pages (Origin host equals Host), non-browser clients, or an allowed origin. */
	function acceptUpgrade(req: IncomingMessage): boolean {
		const origin = req.headers.origin;
		if (origin === undefined) return true;
		if (allowedOrigins.has(origin)) return true;
		try {
			return new URL(origin).host === req.headers.host;
		} catch {
			return false;
		}
	}

	function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		if (pathOf(req.url) !== path) {
			if (options.exclusiveUpgrades) rejectUpgrade(socket, 404, 'Not Found');
			return;
		}
		if (shuttingDown) return rejectUpgrade(socket, 503, 'Service Unavailable');
		if (!acceptUpgrade(req)) return rejectUpgrade(socket, 403, 'Forbidden');
		socket.on('error', onSocketError);
		wss.handleUpgrade(req, socket, head, (ws) => {
			socket.off('error', onSocketError);
			onConnection(ws, req);
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
	function fail(client: Client, code: ErrorCode, closeCode: number): void {
		if (client.closing) return;
		log('reject', { conn: client.seq, code, close: closeCode });
		sendError(client, code);
		closeClient(client, closeCode, code === 'bad-message' ? CLOSE_REASON : code);
	}

	function closeClient(client: Client, code: number, reason: string): void {
		client.closing = true;
		client.ws.close(code, reason);
	}

	function broadcast(members: readonly Member<Client>[], message: ServerMessage): void {
		for (const member of members) send(member.conn, message);
	}

	const handlers: Handlers = {
		join(client, message) {
			if (client.member) return fail(client, 'already-joined', CloseCode.badMessage);
			const result = registry.join({
				room: message.room,
				create: message.create,
				peerId: message.peerId,
				resumeToken: message.resumeToken,
				name: message.name,
				conn: client
			});
			if (!result.ok) {
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
			const { member, others, replaced } = result;
			client.member = member;
			const room = roomTag(member.roomKey);
			send(client, {
				type: 'peers',
				self: member.peerId,
				peers: others.map(peerInfo),
				iceServers,
				lanUrls: lanUrls()
			});
			if (replaced) {
				// The others keep the same id, so they hear of nothing but a changed name.
				const old = replaced.conn;
				old.member = null;
				closeClient(old, REPLACED_CLOSE_CODE, 'replaced');
				log('resume', { conn: client.seq, replaced: old.seq, peer: member.peerId, room });
				if (result.renamed) {
					broadcast(others, { type: 'peer-renamed', id: member.peerId, name: member.name });
				}
				return;
			}
			log('join', { conn: client.seq, peer: member.peerId, room, size: others.length + 1 });
			broadcast(others, { type: 'peer-joined', peer: peerInfo(member) });
		},

		rename(client, message) {
			const member = client.member;
			if (!member) return fail(client, 'not-joined', CloseCode.badMessage);
			if (member.name === message.name) return;
			const others = registry.rename(member, message.name) ?? [];
			broadcast(others, { type: 'peer-renamed', id: member.peerId, name: message.name });
		},

		signal(client, message) {
			const member = client.member;
			if (!member) return fail(client, 'not-joined', CloseCode.badMessage);
			const target = registry.find(member, message.to);
			// Peers leave all the time, so a signal to a gone peer is not a violation.
			if (!target) return sendError(client, 'unknown-peer');
			send(target.conn, { type: 'signal', from: member.peerId, data: message.data });
		}
	};

	function dispatch(client: Client, message: ClientMessage): void {
		// TypeScript cannot correlate `message.type` with the handler's parameter type.
		const handler = handlers[message.type] as Handler<ClientMessage>;
		handler(client, message);
	}

	function onConnection(ws: WebSocket, req: IncomingMessage): void {
		const ip = req.socket.remoteAddress ?? 'unknown';
		const client: Client = {
			seq: nextSeq++,
			ws,
			ip,
			bucket: new TokenBucket(rateLimit),
			alive: true,
			closing: false,
			member: null
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
		ws.on('message', (data, isBinary) => {
			if (client.closing) return;
			if (!client.bucket.take()) return fail(client, 'rate-limited', CloseCode.rateLimited);
			const message = isBinary ? null : parseClientMessage(rawText(data));
			if (!message) return fail(client, 'bad-message', CloseCode.badMessage);
			dispatch(client, message);
		});
		ws.on('close', (code) => onClose(client, code));

		if (maxPerIp > 0 && count > maxPerIp) {
			fail(client, 'too-many-connections', CloseCode.overCapacity);
		}
	}

	function onClose(client: Client, code: number): void {
		clients.delete(client.ws);
		const left = (connectionsPerIp.get(client.ip) ?? 1) - 1;
		if (left > 0) connectionsPerIp.set(client.ip, left);
		else connectionsPerIp.delete(client.ip);

		const member = client.member;
		client.member = null;
		if (member) {
			const others = registry.leave(member);
			if (others) {
				log('leave', {
					conn: client.seq,
					peer: member.peerId,
					room: roomTag(member.roomKey),
					code
				});
				broadcast(others, { type: 'peer-left', id: member.peerId });
			}
		}
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
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	}

	return {
		stats: () => ({
			rooms: registry.roomCount,
			clients: clients.size,
			peers: registry.memberCount
		}),
		close: () => (closed ??= close())
	};
}
