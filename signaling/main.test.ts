import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

describe('main.ts', () => {
	it('prints where it runs, serves, and stops cleanly on SIGTERM', async () => {
		const run = start(['--port', '0', '--host', '127.0.0.1']);
		const deadline = Date.now() + 10_000;
		while (!/Local: +http:\/\/localhost:\d+/.test(run.stdout())) {
			if (Date.now() > deadline) throw new Error(`no startup output: ${run.stdout()} ${run.stderr()}`);
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		expect(run.stdout()).toContain('VanishDrop is running');
		expect(run.stdout()).toContain('Network:');
		const port = /localhost:(\d+)/.exec(run.stdout())?.[1];
		const res = await fetch(`http://127.0.0.1:${port}/healthz`);
		expect(await res.json()).toEqual({ ok: true, rooms: 0, clients: 0 });
		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(0);
	});

	it('exits with a clear message on bad configuration', async () => {
		const run = start(['--port', '0'], { ICE_SERVERS: '{"urls":"stun:x"}' });
		expect(await run.exited).toBe(2);
		expect(run.stderr()).toContain('ICE_SERVERS must be a JSON array');
	});
});
