import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '#protocol/close-codes';
import { createNearby, type Nearby } from '../nearby/create-nearby';
import { createRoomBackend } from '../rooms/create-room-backend';
import type { RetainedCounts, RoomBackend } from '../rooms/room-backend';
import { ClientConnection } from './client-connection';
import { ConnectedClients } from './connected-clients';
import { Heartbeat } from './heartbeat';
import { hubSettings, type AttachOptions, type HubSettings } from './hub-options';
import { JoinLimits } from './join-limits';
import { HeldMessages, MessageHandlers, roomEvents } from './message-handlers';
import { createUpgradeGate, type UpgradeListener } from './upgrade-gate';
import { CodeRoomHandlers } from '../code-rooms/code-room-handlers';

export { isAllowedOrigin } from './upgrade-gate';
export type { AttachOptions, HubOptions } from './hub-options';

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
	/**
	 * Everything kept in this process's memory for clients, rooms and addresses, by kind: all 0 a
	 * while after the last client left (reservations and rate buckets lapse, then are swept).
	 */
	retained(): RetainedCounts;
	/** WebSocket connections accepted since the hub started. */
	accepted(): number;
	/** Messages received from clients since the hub started (any kind, refused ones too). */
	received(): number;
	/** Closes every client with 1001 and detaches from the HTTP server (which stays open). */
	close(): Promise<void>;
}

/** The minimal part of an HTTP server the hub needs: Node's, Vite's or an HTTPS one. */
export interface UpgradeSource {
	on(event: 'upgrade', listener: UpgradeListener): unknown;
	off(event: 'upgrade', listener: UpgradeListener): unknown;
}

/** The hub's collaborators, made once per `attachSignaling`. */
interface HubParts {
	settings: HubSettings;
	rooms: RoomBackend<ClientConnection>;
	nearby: Nearby;
	handlers: MessageHandlers;
	clients: ConnectedClients<ClientConnection>;
	heartbeat: Heartbeat;
	wss: WebSocketServer;
	/** Messages received since the hub started. */
	traffic: { received: number };
}

function assemble(settings: HubSettings): HubParts {
	const { logger: log } = settings;
	const held = new HeldMessages();
	const rooms = createRoomBackend<ClientConnection>(settings, roomEvents(held, log));
	const joinLimits = new JoinLimits(rooms, settings);
	const { iceServers, lanUrls } = settings;
	const nearby = createNearby(settings, rooms);
	const claims = settings.joinRateLimit && rooms.rateLimiter('claim', settings.joinRateLimit);
	const codeRooms = new CodeRoomHandlers({ rooms, claims, log });
	const handlers = new MessageHandlers({
		rooms,
		joinLimits,
		codeRooms,
		held,
		iceServers,
		lanUrls,
		nearby: nearby.handlers,
		log
	});
	const clients = new ConnectedClients<ClientConnection>(settings.maxConnectionsPerIp);
	const heartbeat = new Heartbeat({
		intervalMs: settings.heartbeatMs,
		onTimeout: (ws) => log('heartbeat.timeout', { conn: clients.get(ws)?.seq ?? 0 })
	});
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		maxPayload: settings.maxPayload,
		// The protocol has no subprotocols; by default `ws` would echo the first one offered.
		handleProtocols: () => false
	});
	return { settings, rooms, nearby, handlers, clients, heartbeat, wss, traffic: { received: 0 } };
}

/** Wires a new socket to its client state, the heartbeat, the handlers and its leave on close. */
function connect(parts: HubParts, ws: WebSocket, ip: string, seq: number): void {
	const { settings, clients, heartbeat, handlers, traffic } = parts;
	const { rateLimit, maxBufferedBytes, logger: log } = settings;
	const client = new ClientConnection({ seq, ws, ip, rateLimit, maxBufferedBytes, log });
	const withinCap = clients.add(client);
	heartbeat.watch(ws);
	ws.on('message', (data, isBinary) => {
		traffic.received++;
		handlers.receive(client, data, isBinary);
	});
	ws.on('close', (code) => {
		client.closed();
		heartbeat.forget(ws);
		handlers.leave(client, code);
		clients.delete(client);
	});
	if (!withinCap) client.fail('too-many-connections');
}

function retainedBy({ clients, heartbeat, handlers, rooms, nearby }: HubParts): RetainedCounts {
	const hub = { clients: clients.size, addresses: clients.addresses, heartbeats: heartbeat.size };
	return { ...hub, leaves: handlers.leavesUnderWay, ...rooms.retained(), ...nearby.retained() };
}

/** Closes clients, waits for their leaves, then closes the backend and the WebSocket server. */
async function shutdown(parts: HubParts): Promise<void> {
	parts.heartbeat.stop();
	await parts.clients.closeAll(CloseCode.goingAway, 'shutdown');
	await parts.handlers.leavesDone();
	await parts.nearby.close();
	await parts.rooms.close();
	await new Promise<void>((resolve) => parts.wss.close(() => resolve()));
}

/**
 * Attaches the `/ws` signaling endpoint to an existing HTTP server, so the standalone server
 * and the Vite dev server share one implementation.
 */
export function attachSignaling(server: UpgradeSource, options: AttachOptions = {}): SignalingHub {
	const parts = assemble(hubSettings(options));
	parts.nearby.ready.catch(() => undefined);
	const { settings, clients, rooms } = parts;
	let nextSeq = 1;
	let shuttingDown = false;
	const { path, exclusiveUpgrades, allowedOrigins, isAllowedHost, trustProxy, responseHeaders } = settings;
	const onUpgrade = createUpgradeGate({
		path,
		exclusiveUpgrades,
		allowedOrigins,
		isAllowedHost,
		trustProxy,
		responseHeaders,
		wss: parts.wss,
		isFlooding: (address) => clients.isFlooding(address),
		isShuttingDown: () => shuttingDown,
		onConnection: (ws, ip) => connect(parts, ws, ip, nextSeq++)
	});
	server.on('upgrade', onUpgrade);

	let closed: Promise<void> | null = null;
	const close = (): Promise<void> => {
		shuttingDown = true;
		server.off('upgrade', onUpgrade);
		return shutdown(parts);
	};
	return {
		// The rooms' error says why Redis is unreachable; nearby's own would only repeat it.
		ready: rooms.ready.then(() => parts.nearby.ready),
		stats: () => {
			const { rooms: roomCount, members } = rooms.stats();
			return { rooms: roomCount, clients: clients.size, peers: members };
		},
		retained: () => retainedBy(parts),
		accepted: () => nextSeq - 1,
		received: () => parts.traffic.received,
		close: () => (closed ??= close())
	};
}
