/** What a test needs to speak the signaling protocol: ids, join messages, a client, a raw upgrade. */
import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import {
	parseServerMessage,
	type ClientMessage,
	type RoomRef,
	type ServerMessage
} from '#protocol/signaling-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';
import { roomIdOfJoinKey } from '#crypto/room-keys';
import type { TestServer } from './test-server';

/** A random 22-character id, the shape of peer ids, private room ids and resume tokens. */
export function randomId(): string {
	return randomBytes(16).toString('base64url');
}

/** The join proof of every private room made by `privateRoom`, by room id. */
const proofs = new Map<string, string>();

/** A new private room: its id is the hash of a random join key, as the app makes them. */
export function privateRoom(): RoomRef {
	const joinKey = randomBytes(32);
	const id = roomIdOfJoinKey(joinKey);
	proofs.set(id, joinKey.toString('base64url'));
	return { kind: 'private', id };
}

/** The proof a member of `room` sends: null for a public room or one not made by `privateRoom`. */
export function proofFor(room: RoomRef): string | null {
	return room.kind === 'private' ? (proofs.get(room.id) ?? null) : null;
}

let joins = 0;

/** A join; each gets its own name ("Tester 1", "Tester 2"...), since a room refuses look-alikes. */
export function joinMessage(
	room: RoomRef,
	overrides: Partial<Extract<ClientMessage, { type: 'join' }>> = {}
): Extract<ClientMessage, { type: 'join' }> {
	return {
		type: 'join',
		room,
		create: false,
		peerId: randomId(),
		resumeToken: randomId(),
		name: `Tester ${++joins}`,
		proof: proofFor(room),
		v: PROTOCOL_VERSION,
		...overrides
	};
}

export interface CloseInfo {
	code: number;
	reason: string;
}

/** A `ws` client that queues parsed server messages so tests can await them in order. */
export class TestClient {
	readonly ws: WebSocket;
	readonly opened: Promise<void>;
	readonly closed: Promise<CloseInfo>;
	/** Every message received, for "nothing else arrived" checks. */
	readonly received: ServerMessage[] = [];
	#queue: ServerMessage[] = [];
	#waiters: ((message: ServerMessage) => void)[] = [];

	constructor(url: string, options: ClientOptions = {}) {
		this.ws = new WebSocket(url, options);
		this.ws.on('error', () => {});
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
			this.ws.once('close', () => reject(new Error('closed before open')));
		});
		this.opened.catch(() => {});
		this.closed = new Promise((resolve) => {
			this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
		});
		this.ws.on('message', (data) => {
			const message = parseServerMessage(String(data));
			if (!message) throw new Error(`unparseable server message: ${String(data)}`);
			this.received.push(message);
			const waiter = this.#waiters.shift();
			if (waiter) waiter(message);
			else this.#queue.push(message);
		});
	}

	static async open(url: string, options?: ClientOptions): Promise<TestClient> {
		const client = new TestClient(url, options);
		await client.opened;
		return client;
	}

	send(message: ClientMessage | string): void {
		this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
	}

	next(timeoutMs = 2000): Promise<ServerMessage> {
		const queued = this.#queue.shift();
		if (queued) return Promise.resolve(queued);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiters = this.#waiters.filter((w) => w !== waiter);
				reject(new Error('timed out waiting for a server message'));
			}, timeoutMs);
			const waiter = (message: ServerMessage): void => {
				clearTimeout(timer);
				resolve(message);
			};
			this.#waiters.push(waiter);
		});
	}

	/** The next message, which must be of `type`. */
	async expect<T extends ServerMessage['type']>(
		type: T,
		timeoutMs?: number
	): Promise<Extract<ServerMessage, { type: T }>> {
		const message = await this.next(timeoutMs);
		if (message.type !== type) {
			throw new Error(`expected ${type}, got ${JSON.stringify(message)}`);
		}
		return message as Extract<ServerMessage, { type: T }>;
	}

	/** Joins and returns the `peers` answer. */
	async join(
		message: Extract<ClientMessage, { type: 'join' }>
	): Promise<Extract<ServerMessage, { type: 'peers' }>> {
		this.send(message);
		return this.expect('peers');
	}

	close(): Promise<CloseInfo> {
		this.ws.close();
		return this.closed;
	}
}

/** Polls `check` until it holds; for server-side state that has no event to await. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface UpgradeAnswer {
	status: number;
	headers: IncomingHttpHeaders;
	/** Set when the server switched protocols; the caller owns (and must destroy) it. */
	socket: Socket | null;
}

/**
 * Sends a WebSocket upgrade request by hand, so tests can send what no WebSocket client would
 * (another method, a bad key) and read the HTTP answer to a refused upgrade.
 */
export function rawUpgrade(
	server: TestServer,
	options: { path?: string; method?: string; headers?: Record<string, string> } = {}
): Promise<UpgradeAnswer> {
	return new Promise((resolve, reject) => {
		const req = request({
			host: '127.0.0.1',
			port: server.port,
			path: options.path ?? '/ws',
			method: options.method ?? 'GET',
			headers: {
				Connection: 'Upgrade',
				Upgrade: 'websocket',
				'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
				'Sec-WebSocket-Version': '13',
				...options.headers
			}
		});
		req.on('upgrade', (res, socket) => {
			socket.on('error', () => {});
			resolve({ status: res.statusCode ?? 0, headers: res.headers, socket });
		});
		req.on('response', (res) => {
			res.resume();
			resolve({ status: res.statusCode ?? 0, headers: res.headers, socket: null });
		});
		req.on('error', reject);
		req.end();
	});
}
