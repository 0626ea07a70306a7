/** Servers a test runs as processes of their own: coturn, redis-server and the app's main.ts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './test-client';

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
export async function spawnDaemon(
	command: string,
	args: string[],
	port: number,
	installHint: string
): Promise<TestDaemon> {
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

/** The REDIS_KEY_SECRET of every test server sharing the test Redis. */
export const TEST_REDIS_KEY_SECRET = 'test-redis-key-secret-0123456789';

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
	env.REDIS_KEY_SECRET = TEST_REDIS_KEY_SECRET;
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
