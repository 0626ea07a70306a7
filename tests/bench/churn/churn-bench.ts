/**
 * Server churn: clients, each from its own address, join rooms, signal their room mates and
 * leave, for minutes, against the app's server in its own process. Afterwards nobody is
 * connected: the server's RSS should come back near where it started, and what it keeps in
 * memory (`/healthz`'s `retained`, read from loopback) should fall to 0.
 */
import { get } from 'node:http';
import { resolve } from 'node:path';
import { type NodeChild, readProcStats, serverChild } from '../support/node-child';
import type { ResultRow } from '../support/results';
import { summarize } from '../support/stats';
import type { HeapFigures, RelayReady } from '../signaling/relay-messages';
import { churn, type ChurnPlan, type ChurnTally } from './churn-clients';
import { heapSpaceGrowth, readSmaps, smapsGrowth, type SmapsSplit } from './memory-split';

export interface ChurnBenchOptions {
	quick: boolean;
}

const HERE = import.meta.dirname;
const SERVER = resolve(HERE, 'churn-server.ts');

interface Settings extends ChurnPlan {
	/** How long after the last client left RSS and `retained` are read. */
	settleMs: number;
	/** The server's id reservation: shorter than `settleMs`, so reservations lapse within it. */
	idReservationMs: number;
}

const FULL: Settings = {
	clients: 1000,
	ms: 5 * 60_000,
	rooms: 200,
	roomLifeMs: 20_000,
	settleMs: 30_000,
	idReservationMs: 20_000
};
const QUICK: Settings = {
	clients: 200,
	ms: 20_000,
	rooms: 40,
	roomLifeMs: 5000,
	settleMs: 10_000,
	idReservationMs: 3000
};

interface Health {
	clients: number;
	retained: Record<string, number>;
}

/**
 * `/healthz` on a connection of its own: a reused keep-alive connection can meet the server
 * closing it at the same moment (seen on a loaded machine: "other side closed").
 */
function health(port: number): Promise<Health> {
	return new Promise((resolvePromise, reject) => {
		const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolvePromise(JSON.parse(body) as Health));
			res.on('error', reject);
		});
		req.on('error', reject);
	});
}

const total = (retained: Record<string, number>): number =>
	Object.values(retained).reduce((a, b) => a + b, 0);
const mb = (bytes: number): number => bytes / (1024 * 1024);

export interface ChurnFigures {
	settings: Settings;
	tally: ChurnTally;
	/** Before any client. */
	rssFreshMb: number;
	/** After the warm-up and its settle time: the baseline. */
	rssStartMb: number;
	rssPeakMb: number;
	rssEndMb: number;
	/** V8's heap (`heapTotal`) at the start and at the end: what of RSS is the heap's. */
	heapStartMb: number;
	heapEndMb: number;
	/** Where RSS is, at the start and at the end (see memory-split.ts). */
	split: { start: MemorySplit; end: MemorySplit; smapsGrowth: string[]; heapSpaceGrowth: string[] };
	/** During the churn, at its busiest sample. */
	retainedPeak: Record<string, number>;
	retainedEnd: Record<string, number>;
}

async function heapOf(server: NodeChild): Promise<HeapFigures> {
	server.send({ type: 'heap' });
	return server.next<HeapFigures>('heap', 5000);
}

interface MemorySplit {
	rssMb: number;
	heapTotalMb: number;
	heapUsedMb: number;
	externalMb: number;
	arrayBuffersMb: number;
	/** Anonymous memory outside V8's heap: the allocator's, the stacks', Node's own. */
	anonOutsideHeapMb: number;
	fileMb: number;
}

function splitOf(heap: HeapFigures, smaps: SmapsSplit): MemorySplit {
	return {
		rssMb: smaps.rssKb / 1024,
		heapTotalMb: mb(heap.heapTotal),
		heapUsedMb: mb(heap.heapUsed),
		externalMb: mb(heap.external),
		arrayBuffersMb: mb(heap.arrayBuffers),
		anonOutsideHeapMb: smaps.anonKb / 1024 - mb(heap.heapTotal),
		fileMb: smaps.fileKb / 1024
	};
}

/** With BENCH_CHURN_SNAPSHOTS=<dir>, heap snapshots at the start and the end (they disturb RSS: diagnosis only). */
async function snapshot(server: NodeChild, label: string): Promise<void> {
	const dir = process.env.BENCH_CHURN_SNAPSHOTS;
	if (!dir) return;
	server.send({ type: 'snapshot', path: resolve(dir, `churn-${label}.heapsnapshot`) } as never);
	await server.next('snapshot', 60_000);
}

/** Waits until nobody is connected, then `ms` from the last client's leave. */
async function settle(port: number, ms: number): Promise<void> {
	const left = Date.now();
	while ((await health(port)).clients > 0 && Date.now() - left < 10_000)
		await new Promise((r) => setTimeout(r, 200));
	await new Promise((r) => setTimeout(r, Math.max(0, ms - (Date.now() - left))));
}

/** Samples the server while `work` runs: its peak RSS and the biggest `retained` seen. */
async function sampled<T>(pid: number, port: number, work: Promise<T>) {
	let peak = { retained: {} as Record<string, number>, rss: 0 };
	let done = false;
	const sampler = (async () => {
		while (!done) {
			const { retained } = await health(port);
			if (total(retained) > total(peak.retained)) peak = { ...peak, retained };
			peak.rss = Math.max(peak.rss, readProcStats(pid).rssBytes);
			await new Promise((r) => setTimeout(r, 2000));
		}
	})();
	try {
		return { result: await work, peak };
	} finally {
		done = true;
		await sampler;
	}
}

export async function runChurnBench({
	quick
}: ChurnBenchOptions): Promise<{ rows: ResultRow[]; data: ChurnFigures }> {
	const settings = quick ? QUICK : FULL;
	const server = serverChild(SERVER, {
		BENCH_STATIC_DIR: resolve(HERE, '../../../build'),
		BENCH_ID_RESERVATION_MS: String(settings.idReservationMs)
	});
	try {
		const { port } = await server.next<RelayReady>('ready', 30_000);
		const rssFresh = readProcStats(server.pid).rssBytes;
		// A few seconds of light use first: code compiled and pools made once are no growth.
		const url = `ws://127.0.0.1:${port}/ws`;
		await churn(url, { clients: 20, ms: 5000, rooms: 4, roomLifeMs: 5000 });
		await settle(port, settings.settleMs);
		const rssStart = readProcStats(server.pid).rssBytes;
		const smapsStart = readSmaps(server.pid);
		const heapStart = await heapOf(server);
		await snapshot(server, 'start');
		console.log(
			`  ${settings.clients} clients churning for ${settings.ms / 1000} s; server RSS fresh ${mb(rssFresh).toFixed(1)} MB, after warm-up ${mb(rssStart).toFixed(1)} MB`
		);
		const { result: tally, peak } = await sampled(server.pid, port, churn(url, settings));
		await settle(port, settings.settleMs);
		const rssEnd = readProcStats(server.pid).rssBytes;
		const smapsEnd = readSmaps(server.pid);
		const heapEnd = await heapOf(server);
		const { retained } = await health(port);
		await snapshot(server, 'end');
		const figures: ChurnFigures = {
			settings,
			tally,
			rssFreshMb: mb(rssFresh),
			rssStartMb: mb(rssStart),
			rssPeakMb: mb(peak.rss),
			rssEndMb: mb(rssEnd),
			heapStartMb: mb(heapStart.heapTotal),
			heapEndMb: mb(heapEnd.heapTotal),
			split: {
				start: splitOf(heapStart, smapsStart),
				end: splitOf(heapEnd, smapsEnd),
				smapsGrowth: smapsGrowth(smapsStart, smapsEnd),
				heapSpaceGrowth: heapSpaceGrowth(heapStart.spaces, heapEnd.spaces)
			},
			retainedPeak: peak.retained,
			retainedEnd: retained
		};
		print(figures);
		return { rows: rows(figures), data: figures };
	} finally {
		await server.stop();
	}
}

function print(f: ChurnFigures): void {
	const { tally } = f;
	console.log(
		`  ${tally.sessions} sessions (${tally.failures} failed), ${tally.signalsSent} signals sent, ${tally.signalsReceived} received`
	);
	console.log(
		`  server RSS: fresh ${f.rssFreshMb.toFixed(1)} MB, start (after warm-up) ${f.rssStartMb.toFixed(1)} MB, peak ${f.rssPeakMb.toFixed(1)} MB, ${f.settings.settleMs / 1000} s after ${f.rssEndMb.toFixed(1)} MB`
	);
	console.log(
		`  V8 heap: start ${f.heapStartMb.toFixed(1)} MB, ${f.settings.settleMs / 1000} s after ${f.heapEndMb.toFixed(1)} MB`
	);
	const row = (m: MemorySplit) =>
		Object.entries(m)
			.map(([k, v]) => `${k.replace(/Mb$/, '')} ${(v as number).toFixed(1)}`)
			.join(', ');
	console.log(`  split at the start (MB): ${row(f.split.start)}`);
	console.log(`  split at the end (MB):   ${row(f.split.end)}`);
	console.log(`  mappings that grew: ${f.split.smapsGrowth.join('; ') || 'none by 256 KB'}`);
	console.log(`  V8 spaces that grew: ${f.split.heapSpaceGrowth.join('; ') || 'none by 128 KB'}`);
	console.log(`  retained at the busiest sample: ${JSON.stringify(f.retainedPeak)}`);
	console.log(`  retained ${f.settings.settleMs / 1000} s after: ${JSON.stringify(f.retainedEnd)}`);
}

function rows(f: ChurnFigures): ResultRow[] {
	const one = (v: number) => summarize([v]);
	const ratio = f.rssEndMb / f.rssStartMb;
	const left = total(f.retainedEnd);
	const name = `${f.settings.clients} clients, ${f.settings.ms / 1000} s`;
	return [
		{
			bench: 'churn',
			name: `${name}: RSS ${f.settings.settleMs / 1000} s after`,
			unit: 'MB',
			value: one(f.rssEndMb),
			baseline: { name: 'start', value: one(f.rssStartMb) },
			ratio: one(ratio),
			goal: { text: '<= 1.1x start', met: ratio <= 1.1 },
			note: `peak ${f.rssPeakMb.toFixed(1)} MB, ${f.tally.sessions} sessions`
		},
		{
			bench: 'churn',
			name: `${name}: state retained ${f.settings.settleMs / 1000} s after`,
			unit: 'entries',
			value: one(left),
			goal: { text: '0', met: left === 0 }
		}
	];
}
