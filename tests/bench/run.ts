/**
 * `npm run bench` (through scripts/bench.mjs): every benchmark in turn, one summary table, and
 * the figures as JSON in bench-results/latest.json. `--quick` runs each once and small, to keep
 * the suite working; it judges no timing and fails only when a benchmark breaks.
 * `--only=transfer,path,view,video,signaling,weight,memory,join,churn,soak,room20` picks benchmarks.
 * `path` (the whole path from file chosen to `sealed`), `churn` (5 minutes of server churn), `soak`
 * (1,000 drops between two tabs) and `room20` (20 devices in one room) run in a full run only when
 * named; `--quick` runs cut-down versions of them. `--profile` profiles a transfer and a
 * drop's sending side, printing where the main threads spend their time.
 */
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { runChurnBench } from './churn/churn-bench';
import { runSoakBench } from './soak/soak-bench';
import { runFullRoom } from './room/full-room-bench';
import { runMemoryBench } from './memory/memory-bench';
import { runSignalingBench } from './signaling/signaling-bench';
import { startBenchPages, type BenchPages } from './support/bench-pages';
import { renderTable, writeJson, type ResultRow } from './support/results';
import { runTransferBench } from './transfer/transfer-bench';
import { runWholePath } from './transfer/whole-path';
import { runTimeToView } from './view/time-to-view';
import { runPageWeight } from './weight/page-weight';
import { runVideoRemux } from './video/video-remux';
import { runTimeToReady } from './join/time-to-ready';
import { startAppServerChild } from './support/app-server-child';

const ROOT = resolve(import.meta.dirname, '../..');
const RESULTS_DIR = join(ROOT, 'bench-results');
const BENCHES = [
	'transfer',
	'path',
	'view',
	'video',
	'signaling',
	'weight',
	'memory',
	'join',
	'churn',
	'soak',
	'room20'
] as const;
type BenchName = (typeof BENCHES)[number];
/** Left out of a full run unless named in `--only` (`--quick` runs cut-down versions): each takes minutes. */
const OPT_IN: readonly BenchName[] = ['path', 'churn', 'soak', 'room20'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
/** `--path-fixed[=N]`: the path bench runs its 10 KB drop only, N rounds (FIXED's by default). */
const pathFixedArg = args.find((a) => a === '--path-fixed' || a.startsWith('--path-fixed='));
const pathFixed = pathFixedArg === undefined ? undefined : Number(pathFixedArg.split('=')[1] ?? 9);
if (pathFixed !== undefined && !(Number.isInteger(pathFixed) && pathFixed > 0))
	throw new Error('--path-fixed=N takes a whole number of rounds');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const selected = new Set<BenchName>(
	onlyArg
		? BENCHES.filter((b) => onlyArg.split(',').includes(b))
		: BENCHES.filter((b) => quick || !OPT_IN.includes(b))
);

// Everything stops by itself: a hung benchmark ends the run rather than the machine's patience.
const LIMIT_MS = quick ? 300_000 : 40 * 60_000;
const watchdog = setTimeout(() => {
	console.error(`\nbench: gave up after ${LIMIT_MS / 1000} s`);
	process.exit(2);
}, LIMIT_MS);

interface BenchOutput {
	rows: ResultRow[];
	data: unknown;
}

async function main(): Promise<number> {
	const started = Date.now();
	console.log(`Benchmarks (${quick ? 'quick: sizes and runs cut down, no goals judged' : 'full'})`);
	const rows: ResultRow[] = [];
	const data: Record<string, unknown> = {};
	const failures: string[] = [];
	let pages: BenchPages | null = null;
	const needPages = (['transfer', 'path', 'view', 'video', 'weight'] as const).some((b) => selected.has(b));
	if (needPages) pages = await startBenchPages({ minify: !profile });
	// The app's server in its own process, as `npm start` runs it, serving a copy of build/ (a
	// rebuild while the benchmarks run must not pull the files from under the pages). In this
	// process it shared the event loop with Playwright (see pages-server-child.ts).
	const app = await startAppServerChild();

	const run = async (name: BenchName, bench: () => Promise<BenchOutput>) => {
		if (!selected.has(name)) return;
		const t0 = Date.now();
		console.log(`\n[${name}]`);
		try {
			const out = await bench();
			rows.push(...out.rows);
			data[name] = out.data;
			console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		} catch (e) {
			failures.push(name);
			console.error(`  ${name} failed:`, e);
		}
	};

	try {
		await run('transfer', () =>
			runTransferBench({ quick, profile, pagesUrl: pages!.url, resultsDir: RESULTS_DIR })
		);
		await run('path', () =>
			runWholePath({
				quick,
				profile,
				...(pathFixed !== undefined ? { fixedOnly: pathFixed } : {}),
				appUrl: app.url,
				pagesUrl: pages!.url,
				resultsDir: RESULTS_DIR
			})
		);
		await run('view', () =>
			runTimeToView({ quick, profile, appUrl: app.url, pagesUrl: pages!.url, resultsDir: RESULTS_DIR })
		);
		await run('video', () => runVideoRemux({ quick, pagesUrl: pages!.url }));
		await run('signaling', () => runSignalingBench({ quick }));
		await run('weight', () => runPageWeight({ quick, appUrl: app.url, pagesUrl: pages!.url }));
		await run('memory', () => runMemoryBench({ quick, appUrl: app.url }));
		await run('join', () => runTimeToReady({ quick, appUrl: app.url }));
		await run('churn', () => runChurnBench({ quick }));
		await run('soak', () => runSoakBench({ quick }));
		await run('room20', () => runFullRoom({ quick }));
	} finally {
		await app.stop();
		await pages?.close();
	}

	console.log(`\n${renderTable(rows)}`);
	const budgetsBroken = rows.filter((r) => r.goal?.budget && !r.goal.met);
	const notMet = rows.filter((r) => r.goal && !r.goal.met);
	const file = join(RESULTS_DIR, quick ? 'latest-quick.json' : 'latest.json');
	writeJson(file, {
		date: new Date(started).toISOString(),
		mode: quick ? 'quick' : 'full',
		seconds: (Date.now() - started) / 1000,
		machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg: loadavg(), node: process.version },
		rows,
		failures,
		data
	});
	console.log(`\nFigures written to ${file}`);
	if (!quick)
		console.log(
			`Goals met: ${rows.filter((r) => r.goal?.met).length} of ${rows.filter((r) => r.goal).length}`
		);
	if (failures.length) console.error(`Benchmarks that failed to run: ${failures.join(', ')}`);
	if (budgetsBroken.length && !quick) {
		console.error(`Size budgets exceeded: ${budgetsBroken.map((r) => r.name).join('; ')}`);
		return 1;
	}
	if (quick && notMet.length) console.log('(quick mode: goals are shown, not judged)');
	return failures.length ? 1 : 0;
}

main().then(
	(code) => {
		clearTimeout(watchdog);
		process.exit(code);
	},
	(e: unknown) => {
		console.error(e);
		process.exit(1);
	}
);
