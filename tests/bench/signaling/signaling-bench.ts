/**
 * Bench 3: signaling capacity. A load generator in its own process holds 1,000 to 10,000
 * clients against the app's server (its own process, limits opened up) and against a bare relay
 * started in the same run; the server's memory and CPU are read from /proc.
 */
import { resolve } from 'node:path';
import { startRedis } from '../../support/daemons';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../../scripts/setup-steps.mjs';
import { NodeChild, bundleForNode, readProcStats, type ProcStats } from '../support/node-child';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';
import type {
	ClosedResult,
	ConnectResult,
	GeneratorCommand,
	GeneratorConfig,
	MemoryQuery,
	MemoryReport,
	RelayReady,
	SaturateResult,
	SteadyResult
} from './relay-messages';

export interface SignalingBenchOptions {
	quick: boolean;
}

/** `app-redis`: two app processes sharing rooms through a real Redis, room mates spread across them. */
type RelayKind = 'app' | 'bare' | 'app-redis';

const HERE = import.meta.dirname;
const APP_RELAY = resolve(HERE, 'app-relay.ts');
const BARE_RELAY = resolve(HERE, 'bare-relay.ts');
const GENERATOR = resolve(HERE, 'load-generator.ts');
const appEnv = { ...SERVER_ENV, BENCH_STATIC_DIR: resolve(HERE, '../../../build') };
/**
 * Every relay with `npm start`'s Node flags and environment (SERVER_NODE_FLAGS, SERVER_ENV): the
 * app's figures are those of the server as deployed, and the bare relay's differ from them by
 * the code alone.
 */
const relay = (script: string, env: NodeJS.ProcessEnv) =>
	new NodeChild<MemoryQuery>(script, [], env, SERVER_NODE_FLAGS);

/** Both relays bundled into plain JS, as `npm start` runs the server. */
interface RelayScripts {
	app: string;
	bare: string;
}
const ROOM_SIZE = 5;
/** Each client signals one room mate per second: 10,000 signals a second at 10,000 clients. */
const SIGNALS_PER_CLIENT_PER_SECOND = 1;

/** How long the server is left without signals before its RSS is read again. */
const SETTLE_MS = 30_000;

/** At `clients`, the server's RSS is read again after `ms` without signals: what it settles to. */
interface SettlePlan {
	clients: number;
	ms: number;
}

const FULL = {
	counts: [1000, 5000, 10_000],
	redisCounts: [1000],
	runs: 3,
	steadyMs: 6000,
	saturateMs: 4000,
	settle: { clients: 10_000, ms: SETTLE_MS } as SettlePlan | null
};
const QUICK: typeof FULL = {
	counts: [1000],
	redisCounts: [1000],
	runs: 1,
	steadyMs: 2000,
	saturateMs: 2000,
	settle: null
};

interface RunFigures {
	connected: number;
	held: number;
	connectionsPerSecond: number;
	p50: number;
	p99: number;
	/** Every signal of the steady phase arrived within 5 % of its send window: no backlog built up. */
	keptUp: boolean;
	steadyDelivered: number;
	steadySent: number;
	saturatedPerSecond: number;
	rssIdleMb: number;
	/** Right after the joins, before any signal. */
	rssConnectedMb: number;
	rssHeldMb: number;
	/** After the settle period (NaN where none was planned). */
	rssSettledMb: number;
	/** V8 heap in use and memory outside it (buffers, sockets' native state is not counted). */
	heapUsedHeldMb: number;
	externalHeldMb: number;
	rssPeakMb: number;
	steadyCpuPercent: number;
	cpuUsPerSignal: number;
	/** Whether the saturated figure is the server's limit or the generator's. */
	saturatedServerCpuPercent: number;
	saturatedGeneratorCpuPercent: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const settlesAt = (plan: typeof FULL, clients: number) => plan.settle?.clients === clients;
const cpuPercent = (a: ProcStats, b: ProcStats, wallMs: number) => ((b.cpuMs - a.cpuMs) / wallMs) * 100;

/** For `app-redis`, the process figures (RSS, CPU) are those of the first of the two processes. */
async function oneRun(
	kind: RelayKind,
	clients: number,
	plan: typeof FULL,
	bundles: RelayScripts
): Promise<RunFigures> {
	const redis = kind === 'app-redis' ? await startRedis() : null;
	const servers = redis
		? [0, 1].map(() => relay(bundles.app, { ...appEnv, BENCH_REDIS_URL: redis.url }))
		: [relay(kind === 'bare' ? bundles.bare : bundles.app, appEnv)];
	const server = servers[0]!;
	try {
		const ports = await Promise.all(servers.map((s) => s.next<RelayReady>('ready', 30_000)));
		const idle = readProcStats(server.pid);
		const config: GeneratorConfig = {
			urls: ports.map(({ port }) => `ws://127.0.0.1:${port}`),
			clients,
			roomSize: ROOM_SIZE,
			connectConcurrency: 100
		};
		const gen = new NodeChild<GeneratorCommand>(GENERATOR, [JSON.stringify(config)]);
		try {
			await gen.next('ready', 30_000);
			gen.send({ type: 'connect' });
			const conn = await gen.next<ConnectResult>('connected', 180_000);
			const connected = readProcStats(server.pid);

			const s0 = readProcStats(server.pid);
			const t0 = performance.now();
			gen.send({
				type: 'steady',
				perClientPerSecond: SIGNALS_PER_CLIENT_PER_SECOND,
				durationMs: plan.steadyMs
			});
			const steady = await gen.next<SteadyResult>('steady-done', plan.steadyMs + 60_000);
			const s1 = readProcStats(server.pid);
			const steadyWall = performance.now() - t0;
			server.send({ type: 'memory' });
			const memory = await server.next<MemoryReport>('memory-report', 30_000);
			// V8 gives memory back only after a while without allocation.
			const settle = kind !== 'app-redis' && settlesAt(plan, clients) ? plan.settle : null;
			if (settle) await new Promise((r) => setTimeout(r, settle.ms));
			const settled = settle ? mb(readProcStats(server.pid).rssBytes) : NaN;

			const g1 = readProcStats(gen.pid);
			const t1 = performance.now();
			gen.send({ type: 'saturate', durationMs: plan.saturateMs });
			const sat = await gen.next<SaturateResult>('saturate-done', plan.saturateMs + 60_000);
			const s2 = readProcStats(server.pid);
			const g2 = readProcStats(gen.pid);
			const saturateWall = performance.now() - t1;

			gen.send({ type: 'close' });
			const closed = await gen.next<ClosedResult>('closed', 60_000);
			return {
				connected: conn.connected,
				held: closed.open,
				connectionsPerSecond: conn.connected / (conn.ms / 1000),
				p50: steady.p50,
				p99: steady.p99,
				keptUp: steady.received === steady.sent && steady.ms <= plan.steadyMs * 1.05,
				steadySent: steady.sent,
				steadyDelivered: steady.received,
				saturatedPerSecond: sat.received / (sat.ms / 1000),
				rssIdleMb: mb(idle.rssBytes),
				rssConnectedMb: mb(connected.rssBytes),
				rssHeldMb: mb(s1.rssBytes),
				rssSettledMb: settled,
				heapUsedHeldMb: mb(memory.heapUsed),
				externalHeldMb: mb(memory.external),
				rssPeakMb: mb(s2.hwmBytes),
				steadyCpuPercent: cpuPercent(s0, s1, steadyWall),
				// Saturation CPU (drain included) over the signals relayed in it.
				cpuUsPerSignal: ((s2.cpuMs - s1.cpuMs) * 1000) / Math.max(1, sat.received),
				saturatedServerCpuPercent: cpuPercent(s1, s2, saturateWall),
				saturatedGeneratorCpuPercent: cpuPercent(g1, g2, saturateWall)
			};
		} finally {
			await gen.stop();
		}
	} finally {
		for (const s of servers) await s.stop();
		await redis?.stop();
	}
}

/** The numeric figures of a run. */
type Figure = { [K in keyof RunFigures]: RunFigures[K] extends number ? K : never }[keyof RunFigures];

const med = (runs: RunFigures[], k: Figure) => summarize(runs.map((r) => r[k])).median.toFixed(0);

const keptUpNote = (runs: RunFigures[]) => `${runs.filter((r) => r.keptUp).length}/${runs.length}`;

/**
 * Two busy processes on two cores: together they should use well over one core while saturated.
 * Much less means the machine (shared) gave them no CPU, and the figure says little.
 */
const starvedRuns = (runs: RunFigures[]) =>
	runs.filter((r) => r.saturatedServerCpuPercent + r.saturatedGeneratorCpuPercent < 120).length;

const cpuNote = (runs: RunFigures[]) =>
	`${summarize(runs.map((r) => r.saturatedServerCpuPercent)).median.toFixed(0)} % / ` +
	`${summarize(runs.map((r) => r.saturatedGeneratorCpuPercent)).median.toFixed(0)} %`;

/** `settled`: the runs read the server's RSS again after the settle period. */
function rowsFor(clients: number, app: RunFigures[], bare: RunFigures[], settled: boolean): ResultRow[] {
	const n = clients.toLocaleString('en-US');
	const col = (runs: RunFigures[], k: Figure) => runs.map((r) => r[k]);
	const row = (
		name: string,
		unit: string,
		k: Figure,
		goal?: (ratio: number, value: number) => { text: string; met: boolean }
	): ResultRow => {
		const value = summarize(col(app, k));
		const ratio = summarize(pairedRatios(col(app, k), col(bare, k)));
		return {
			bench: 'signaling',
			name: `${n} clients: ${name}`,
			unit,
			value,
			baseline: { name: 'bare relay', value: summarize(col(bare, k)) },
			ratio,
			...(goal ? { goal: goal(ratio.median, value.median) } : {})
		};
	};
	const rows = [
		row('clients held to the end', '', 'held', (_r, v) => ({ text: `all ${n}`, met: v === clients })),
		row('connections/s (join answered)', '/s', 'connectionsPerSecond'),
		row(`relay latency p50 @ ${n} signals/s`, 'ms', 'p50'),
		{
			...row(`relay latency p99 @ ${n} signals/s`, 'ms', 'p99', (r) => ({ text: '<= 2x bare', met: r <= 2 })),
			note: `runs that kept up with the rate (else latency is queueing): ours ${keptUpNote(app)}, bare ${keptUpNote(bare)}`
		},
		{
			...row('relay throughput, saturated', 'msg/s', 'saturatedPerSecond', (r) => ({
				text: '>= 0.8x bare',
				met: r >= 0.8
			})),
			note:
				`CPU while saturated (server / generator): ours ${cpuNote(app)}, bare ${cpuNote(bare)}; ` +
				`runs starved of CPU by the machine: ${starvedRuns(app) + starvedRuns(bare)}/${app.length + bare.length}`
		},
		{
			...row(
				'server RSS, clients held',
				'MB',
				'rssHeldMb',
				clients === 10_000 ? (_r, v) => ({ text: '<= 150 MB', met: v <= 150 }) : undefined
			),
			note: `ours: idle ${med(app, 'rssIdleMb')} MB, joined ${med(app, 'rssConnectedMb')} MB, V8 heap ${med(app, 'heapUsedHeldMb')} MB, external ${med(app, 'externalHeldMb')} MB`
		},
		...(settled
			? [row(`server RSS, ${SETTLE_MS / 1000} s after the signals stopped`, 'MB', 'rssSettledMb')]
			: []),
		row(`server CPU @ ${n} signals/s`, '%', 'steadyCpuPercent'),
		row('server CPU per relayed signal', 'µs', 'cpuUsPerSignal')
	];
	return rows;
}

/** Two processes sharing rooms through Redis, next to one process: what the hop through Redis costs. */
function redisRowsFor(clients: number, redis: RunFigures[], single: RunFigures[]): ResultRow[] {
	const n = clients.toLocaleString('en-US');
	const row = (name: string, unit: string, k: Figure): ResultRow => ({
		bench: 'signaling',
		name: `${n} clients, two processes + Redis: ${name}`,
		unit,
		value: summarize(redis.map((r) => r[k])),
		baseline: { name: 'one process', value: summarize(single.map((r) => r[k])) },
		ratio: summarize(
			pairedRatios(
				redis.map((r) => r[k]),
				single.map((r) => r[k])
			)
		)
	});
	return [
		row('clients held to the end', '', 'held'),
		row(`relay latency p50 @ ${n} signals/s`, 'ms', 'p50'),
		{
			...row(`relay latency p99 @ ${n} signals/s`, 'ms', 'p99'),
			note: `runs that kept up with the rate: ${keptUpNote(redis)}`
		},
		row('relay throughput, saturated', 'msg/s', 'saturatedPerSecond')
	];
}

export async function runSignalingBench(opts: SignalingBenchOptions) {
	const plan = opts.quick ? QUICK : FULL;
	const rows: ResultRow[] = [];
	const data: Record<number, { app: RunFigures[]; bare: RunFigures[] }> = {};
	const bundles = { app: bundleForNode(APP_RELAY), bare: bundleForNode(BARE_RELAY) };
	for (const clients of plan.counts) {
		const runs = { app: [] as RunFigures[], bare: [] as RunFigures[] };
		for (let r = 0; r < plan.runs; r++) {
			// Alternate which relay goes first, so drift on the machine hits both alike.
			const order: ('app' | 'bare')[] = r % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'];
			for (const kind of order) runs[kind].push(await oneRun(kind, clients, plan, bundles));
		}
		data[clients] = runs;
		rows.push(...rowsFor(clients, runs.app, runs.bare, settlesAt(plan, clients)));
		console.log(`  signaling ${clients} clients: ${plan.runs} run(s) of each relay done`);
	}
	for (const clients of plan.redisCounts) {
		const single = data[clients]?.app ?? [];
		const redis: RunFigures[] = [];
		for (let r = 0; r < plan.runs; r++) redis.push(await oneRun('app-redis', clients, plan, bundles));
		rows.push(...redisRowsFor(clients, redis, single));
		console.log(`  signaling ${clients} clients across two processes + Redis: ${plan.runs} run(s) done`);
	}
	return { rows, data };
}
