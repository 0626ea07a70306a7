import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SERVER_ENV, SERVER_NODE_FLAGS, bundleForNode as bundle } from '../../../scripts/setup-steps.mjs';

export interface ChildMessage {
	type: string;
}

const live = new Set<ChildProcess>();
// Whatever ends the run (the watchdog included), no child outlives it.
process.on('exit', () => {
	for (const c of live) c.kill('SIGKILL');
});

const BUNDLE_DIR = resolve(import.meta.dirname, '../../../node_modules/.cache/vanishdrop-bench');

/**
 * `script` bundled into one plain JS file, as `npm start` runs the server: a server measured
 * through `tsx` would carry its compiler (about 20 MB). The bundle's own `import.meta` is its
 * location in the cache, so pass paths in, never derive them.
 */
export function bundleForNode(script: string): string {
	const outfile = resolve(BUNDLE_DIR, basename(script).replace(/\.ts$/, '.mjs'));
	bundle(script, outfile);
	return outfile;
}

/**
 * A script in its own Node process (TypeScript through `tsx`; `.mjs` as it is), with as many
 * open files as the system allows (10,000 sockets need it), talking over Node's IPC channel in
 * `{ type, ... }` messages.
 */
export class NodeChild<Command extends ChildMessage = ChildMessage> {
	readonly proc: ChildProcess;
	readonly #inbox: ChildMessage[] = [];
	#waiters: (() => void)[] = [];
	#exited = false;

	constructor(
		script: string,
		args: readonly string[] = [],
		env: NodeJS.ProcessEnv = {},
		nodeFlags: readonly string[] = []
	) {
		const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';
		const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
		this.proc = spawn(
			'bash',
			['-c', raise, 'bench-child', process.execPath, ...nodeFlags, ...loader, script, ...args],
			{
				stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
				env: { ...process.env, ...env }
			}
		);
		live.add(this.proc);
		this.proc.on('message', (m: ChildMessage) => {
			this.#inbox.push(m);
			this.#wake();
		});
		this.proc.on('exit', () => {
			this.#exited = true;
			live.delete(this.proc);
			this.#wake();
		});
	}

	get pid(): number {
		if (this.proc.pid === undefined) throw new Error('child did not start');
		return this.proc.pid;
	}

	#wake(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const w of waiters) w();
	}

	send(message: Command): void {
		this.proc.send(message);
	}

	/** The next message of `type` (an `error` message from the child rejects). */
	async next<T extends ChildMessage>(type: string, timeoutMs: number): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const i = this.#inbox.findIndex((m) => m.type === type || m.type === 'error');
			if (i >= 0) {
				const [m] = this.#inbox.splice(i, 1);
				if (m!.type === 'error')
					throw new Error(`child ${this.pid}: ${String((m as { message?: unknown }).message)}`);
				return m as T;
			}
			if (this.#exited) throw new Error(`child ${this.pid} exited while waiting for "${type}"`);
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`child ${this.pid}: no "${type}" within ${timeoutMs} ms`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** SIGTERM, then SIGKILL after `graceMs`. */
	async stop(graceMs = 5000): Promise<void> {
		if (this.#exited) return;
		const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
		this.proc.kill('SIGTERM');
		const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	}
}

/** Resident memory and CPU time of a process, read from /proc (Linux) without its help. */
export interface ProcStats {
	rssBytes: number;
	/** Peak resident memory. */
	hwmBytes: number;
	cpuMs: number;
}

const TICKS_PER_SECOND = 100;

export function readProcStats(pid: number): ProcStats {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) =>
		Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
	// Fields after the command name (which may hold spaces) are space separated; utime and stime are 14 and 15.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM'), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
}

/** The app's server as `npm start` runs it: bundled, with the same Node flags and environment. */
export function serverChild(script: string, env: NodeJS.ProcessEnv): NodeChild {
	return new NodeChild(bundleForNode(script), [], { ...SERVER_ENV, ...env }, SERVER_NODE_FLAGS);
}
