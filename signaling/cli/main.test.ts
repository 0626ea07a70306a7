import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { privateRoomKeys } from '#crypto/room-keys';
import { hasOpenssl, httpsGet, testCertificate } from '../../tests/support/tls';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function start(args: string[], env: Record<string, string> = {}) {
	const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = once(child, 'exit').then(([code]) => code as number | null);
	return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

type Run = ReturnType<typeof start>;

/** Waits until stdout matches `pattern` (the banner is written at once, but may arrive in parts). */
async function waitForOutput(run: Run, pattern: RegExp): Promise<RegExpExecArray> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const match = pattern.exec(run.stdout());
		if (match) return match;
		if (Date.now() > deadline) throw new Error(`no startup output: ${run.stdout()} ${run.stderr()}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

// Ten or more lines drawn with the half-block characters of a QR code.
const QR_BLOCK = /(?:\n.*[▄▀█].*){10}/;

describe('main.ts', () => {
	it('prints where it runs, serves, and stops cleanly on SIGTERM', async () => {
		const run = start(['--port', '0', '--host', '127.0.0.1']);
		await waitForOutput(run, new RegExp(`Scan to open on your phone:${QR_BLOCK.source}`));
		expect(run.stdout()).toContain('VanishDrop is running');
		expect(run.stdout()).toContain('Network:');
		expect(run.stdout()).toMatch(/Local: +http:\/\/localhost:\d+/);
		const port = /localhost:(\d+)/.exec(run.stdout())?.[1];
		const res = await fetch(`http://127.0.0.1:${port}/healthz`);
		expect(await res.json()).toMatchObject({ ok: true, rooms: 0, clients: 0 });
		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(0);
	});

	it.skipIf(!hasOpenssl())(
		'serves HTTPS from TLS_CERT/TLS_KEY and prints a new private room with --qr-room (needs openssl)',
		async () => {
			const certificate = await testCertificate();
			try {
				const cert = `${certificate.dir}/cert.pem`;
				const run = start(['--port', '0', '--host', '127.0.0.1', '--qr-room', '--tls-cert', cert], {
					TLS_KEY: `${certificate.dir}/key.pem`
				});
				const [, link = '', port, roomId = '', secret = ''] = await waitForOutput(
					run,
					new RegExp(
						`\\n(https://localhost:(\\d+)/r/([\\w-]{22})#([\\w-]{22}))\\nScan to open it on your phone:${QR_BLOCK.source}`
					)
				);
				expect(run.stdout()).toContain(`Local:   https://localhost:${port}\n`);
				expect(privateRoomKeys(secret).roomId).toBe(roomId);
				// The secret is printed once, on the link's own line, and nowhere else.
				expect(run.stdout().split(secret)).toHaveLength(2);
				expect(run.stdout().split('\n')).toContain(link);
				const health = await httpsGet(`https://127.0.0.1:${port}/healthz`);
				expect(JSON.parse(health.body)).toMatchObject({ ok: true });
				run.child.kill('SIGTERM');
				expect(await run.exited).toBe(0);
			} finally {
				certificate.remove();
			}
		}
	);

	it.each([
		[[], { ICE_SERVERS: '{"urls":"stun:x"}' }, 'ICE_SERVERS must be a JSON array'],
		[['--turn-urls', 'turn:127.0.0.1:3478'], {}, 'TURN_URLS is set but TURN_SECRET is missing'],
		[
			['--tls-cert', '/nonexistent/cert.pem'],
			{ TLS_KEY: '/nonexistent/key.pem' },
			'Cannot read the TLS certificate (TLS_CERT) "/nonexistent/cert.pem": it does not exist.'
		]
	])('exits with a clear message on bad configuration: %j %j', async (args, env, message) => {
		const run = start(['--port', '0', ...args], env);
		expect(await run.exited).toBe(2);
		expect(run.stderr()).toContain(message);
	});
});
