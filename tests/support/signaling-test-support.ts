import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import {
	parseServerMessage,
	type ClientMessage,
	type RoomRef,
	type ServerMessage
} from '#protocol/signaling-messages';
import {
	createSignalingServer,
	type SignalingOptions,
	type SignalingServer
} from '../../signaling/http/app-server';
import { silentLogger } from '../../signaling/logger';
import { ensureSelfSignedCertificate, type TlsCredentials } from '../../signaling/http/tls-certificate';

/** A random 22-character id, the shape of peer ids, private room ids and resume tokens. */
export function randomId(): string {
	return randomBytes(16).toString('base64url');
}

export function privateRoom(): RoomRef {
	return { kind: 'private', id: randomId() };
}

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
		name: 'Tester',
		...overrides
	};
}

/** A server on 127.0.0.1 and a free port, quiet unless a logger is given. */
export async function startServer(options: SignalingOptions = {}): Promise<SignalingServer> {
	const server = createSignalingServer({
		host: '127.0.0.1',
		port: 0,
		logger: silentLogger,
		staticDir: '/nonexistent-vanishdrop-build',
		...options
	});
	try {
		await server.ready;
	} catch (error) {
		await server.close();
		throw error;
	}
	return server;
}

export function wsUrl(server: SignalingServer, path = '/ws'): string {
	const scheme = server.protocol === 'https' ? 'wss' : 'ws';
	return `${scheme}://127.0.0.1:${server.address().port}${path}`;
}

export function httpUrl(server: SignalingServer, path = '/'): string {
	return `${server.protocol}://127.0.0.1:${server.address().port}${path}`;
}

/** Whether the openssl command, which makes test certificates, is on the PATH. */
export const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1, made by openssl in a new
 * temporary folder; `remove` deletes it.
 */
export async function testCertificate(): Promise<TlsCredentials & { dir: string; remove: () => void }> {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-tls-'));
	const { cert, key } = await ensureSelfSignedCertificate({ dir, ipAddresses: [] });
	return { cert, key, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SimpleResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A GET over HTTPS that accepts a self-signed certificate (`fetch` cannot be told to). */
export function httpsGet(url: string, headers: Record<string, string> = {}): Promise<SimpleResponse> {
	return new Promise((resolve, reject) => {
		const req = httpsRequest(url, { rejectUnauthorized: false, headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
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
	server: SignalingServer,
	options: { path?: string; method?: string; headers?: Record<string, string> } = {}
): Promise<UpgradeAnswer> {
	return new Promise((resolve, reject) => {
		const req = request({
			host: '127.0.0.1',
			port: server.address().port,
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

/** A port on 127.0.0.1 that was free a moment ago, for a daemon that cannot take port 0. */
export async function freePort(protocol: 'tcp' | 'udp'): Promise<number> {
	if (protocol === 'udp') {
		const socket = createSocket('udp4');
		socket.bind(0, '127.0.0.1');
		await once(socket, 'listening');
		const { port } = socket.address();
		socket.close();
		return port;
	}
	const server = createTcpServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (address === null || typeof address === 'string') throw new Error('no TCP port');
	return address.port;
}

/** A server process started by a test: its output so far, and a stop that waits for its exit. */
export interface TestDaemon {
	readonly process: ChildProcess;
	readonly port: number;
	output(): string;
	stop(): Promise<void>;
}

/**
 * Spawns `command`. A missing program fails the test with how to install it: the tests that
 * need coturn or Redis never skip, so CI cannot pass without them.
 */
async function spawnDaemon(command: string, args: string[], port: number, installHint: string) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		child.once('spawn', resolve);
		child.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new Error(error.code === 'ENOENT' ? `${command} is not installed (${installHint}).` : error.message)
			)
		);
	});
	const daemon: TestDaemon = {
		process: child,
		port,
		output: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const force = setTimeout(() => child.kill('SIGKILL'), 2000);
			await exited;
			clearTimeout(force);
		}
	};
	return daemon;
}

/**
 * coturn on 127.0.0.1 with the TURN REST scheme (`use-auth-secret`), UDP only, no config
 * file, its database and pid file in a temporary folder; `output()` is its log.
 */
export async function startCoturn(options: { secret: string; realm: string }): Promise<TestDaemon> {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-coturn-'));
	const port = await freePort('udp');
	const daemon = await spawnDaemon(
		'turnserver',
		[
			'-n',
			'--use-auth-secret',
			`--static-auth-secret=${options.secret}`,
			`--realm=${options.realm}`,
			'--listening-ip=127.0.0.1',
			'--relay-ip=127.0.0.1',
			`--listening-port=${port}`,
			'--no-cli',
			'--no-tls',
			'--no-dtls',
			'--no-tcp',
			'--allow-loopback-peers',
			'--log-file=stdout',
			'--simple-log',
			'--verbose',
			`--pidfile=${join(dir, 'turnserver.pid')}`,
			`--db=${join(dir, 'turndb')}`
		],
		port,
		'apt-get install coturn'
	);
	return {
		...daemon,
		async stop() {
			await daemon.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A throwaway redis-server on 127.0.0.1 and a free port: no persistence, nothing on disk. */
export async function startRedis(): Promise<TestDaemon & { url: string }> {
	const port = await freePort('tcp');
	const daemon = await spawnDaemon(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		port,
		'apt-get install redis-server'
	);
	await eventually(() => daemon.output().includes('Ready to accept connections'), 5000);
	return { ...daemon, url: `redis://127.0.0.1:${port}` };
}

const MAIN = fileURLToPath(new URL('../../signaling/cli/main.ts', import.meta.url));

export interface AppProcess {
	readonly process: ChildProcess;
	readonly port: number;
	readonly exited: Promise<unknown>;
	output(): string;
}

/**
 * The real app server (`main.ts`) in a child process of its own on 127.0.0.1 and a free port,
 * sharing rooms through Redis: a test can SIGKILL it like a crashed node.
 */
export async function startAppProcess(options: {
	redisUrl: string;
	prefix?: string;
	presenceTtlSeconds?: number;
	staticDir?: string;
}): Promise<AppProcess> {
	const env: NodeJS.ProcessEnv = { ...process.env };
	if (options.prefix) env.REDIS_PREFIX = options.prefix;
	if (options.presenceTtlSeconds) env.REDIS_PRESENCE_TTL = String(options.presenceTtlSeconds);
	if (options.staticDir) env.STATIC_DIR = options.staticDir;
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			MAIN,
			'--port',
			'0',
			'--host',
			'127.0.0.1',
			'--no-lan',
			'--redis-url',
			options.redisUrl
		],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	const exited = once(child, 'exit');
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	await eventually(() => /localhost:(\d+)/.test(output) || child.exitCode !== null, 10_000);
	const port = Number(/localhost:(\d+)/.exec(output)?.[1]);
	if (!port) throw new Error(`the app process did not start: ${output}`);
	return { process: child, port, exited, output: () => output };
}
