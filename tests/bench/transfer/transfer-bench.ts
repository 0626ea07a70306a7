/**
 * Bench 1: transfer throughput between two Chromium processes. The app's real path against a raw
 * data-channel loop (the ceiling) and a PairDrop-style scheme, in the same run and browsers.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import type { TransferMode, TransferTiming } from '../pages/bench-api';
import type { DropCipher } from '../../../src/lib/crypto/drop-sealing';
import { withTwoBrowsers } from '../support/browsers';
import { PageProfiler, saveProfile, summarizeProfile } from '../support/cpu-profile';
import { cpuSplit, percentText, readCpuTicks, type CpuSplit } from '../support/machine-cpu';
import { failOnPageError } from '../support/page-errors';
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';
import { connectAppLink, connectPlain } from './connect-pages';

export interface TransferBenchOptions {
	quick: boolean;
	/** Profile one app-path transfer of the largest size on both pages. */
	profile: boolean;
	pagesUrl: string;
	resultsDir: string;
}

const MB = 1_000_000;
const MODES: readonly TransferMode[] = ['raw', 'app', 'pairdrop', 'app-plain', 'raw-link'];
const FULL_PLAN = [
	{ size: 1 * MB, runs: 7 },
	{ size: 10 * MB, runs: 5 },
	{ size: 50 * MB, runs: 5 }
];
const QUICK_PLAN = [{ size: 1 * MB, runs: 2 }];

type Samples = Record<TransferMode, TransferTiming[]> & {
	/** The same bytes sealed and hashed on the sender's main thread with XChaCha20-Poly1305, once a round. */
	sealMs: number[];
	/** The same sealed as the app seals them on that page (AES-256-GCM natively in a secure context). */
	appSeal: { cipher: DropCipher; ms: number; mainMs: number }[];
};
/** Where the whole machine's CPU went during each transfer: user, kernel, idle. */
type CpuSamples = Record<TransferMode, CpuSplit[]>;

async function trial(a: Page, b: Page, mode: TransferMode, size: number): Promise<TransferTiming> {
	await b.evaluate(([m, s]) => window.bench.receive(m, s), [mode, size] as const);
	const sending = a.evaluate(([m, s]) => window.bench.send(m, s), [mode, size] as const);
	return failOnPageError(sending, b, () => b.evaluate(() => window.bench.pageError()));
}

/** Profiles one transfer of `mode` on both pages; main-thread self time per function. */
async function profileTransfer(a: Page, b: Page, mode: TransferMode, size: number, dir: string) {
	const sender = new PageProfiler(a);
	const receiver = new PageProfiler(b);
	await Promise.all([sender.start(), receiver.start()]);
	const timing = await trial(a, b, mode, size);
	const [sent, received] = await Promise.all([sender.stop(), receiver.stop()]);
	saveProfile(dir, `transfer-${mode}-sender`, sent);
	saveProfile(dir, `transfer-${mode}-receiver`, received);
	return { mode, ms: timing.ms, sender: summarizeProfile(sent), receiver: summarizeProfile(received) };
}

type TransferProfile = Awaited<ReturnType<typeof profileTransfer>>;

function printProfile(p: TransferProfile, size: number): void {
	console.log(
		`  profile, one ${size / MB} MB ${p.mode} transfer: ${p.ms.toFixed(0)} ms; main threads busy: ` +
			`sender ${p.sender.busyMs.toFixed(0)} ms, receiver ${p.receiver.busyMs.toFixed(0)} ms`
	);
	for (const [side, summary] of [
		['sender', p.sender],
		['receiver', p.receiver]
	] as const) {
		console.log(`    ${side} (self time):`);
		for (const h of summary.hot) {
			console.log(
				`      ${(h.share * 100).toFixed(1).padStart(5)} %  ${h.selfMs.toFixed(0).padStart(6)} ms  ${h.name}`
			);
		}
	}
}

const throughput = (size: number, t: TransferTiming) => size / MB / (t.ms / 1000);

/** The median share of each kind of CPU time over a mode's transfers. */
function medianSplit(splits: readonly CpuSplit[]): CpuSplit {
	const median = (key: keyof CpuSplit) => summarize(splits.map((c) => c[key])).median;
	return { user: median('user'), system: median('system'), idle: median('idle') };
}

function rowsFor(size: number, s: Samples, cpu: CpuSamples): ResultRow[] {
	const label = `${size / MB} MB`;
	const mbps = (mode: TransferMode) => s[mode].map((t) => throughput(size, t));
	const app = summarize(mbps('app'));
	const raw = { name: 'raw loop', value: summarize(mbps('raw')) };
	const vsRaw = summarize(pairedRatios(mbps('app'), mbps('raw')));
	const vsPairDrop = summarize(pairedRatios(mbps('app'), mbps('pairdrop')));
	const plainVsRaw = summarize(pairedRatios(mbps('app-plain'), mbps('raw')));
	const rawLink = { name: "raw loop on the app's link", value: summarize(mbps('raw-link')) };
	const taps = s.app.map((t) => t.tap).filter((t) => t !== null);
	const fillShare = summarize(s.app.map((t) => (t.tap ? t.tap.fillMs / t.ms : 0)));
	const dry = summarize(taps.map((t) => t.dry));
	const sealRate = summarize(s.sealMs.map((ms) => size / MB / (ms / 1000)));
	const appRate = summarize(s.appSeal.map((t) => size / MB / (t.ms / 1000)));
	const appMain = summarize(s.appSeal.map((t) => t.mainMs));
	const appCipher = [...new Set(s.appSeal.map((t) => t.cipher))].join(', ');
	const sealMain = summarize(s.sealMs);
	const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
	const phase = (k: 'headerAt' | 'lastChunkAt' | 'trailerAt') =>
		summarize(taps.map((t) => t[k])).median.toFixed(1);
	const appMs = summarize(s.app.map((t) => t.ms)).median.toFixed(1);
	return [
		{
			bench: 'transfer',
			name: `${label} sealed drop (app path) vs raw`,
			unit: 'MB/s',
			value: app,
			baseline: raw,
			ratio: vsRaw,
			goal: { text: '>= 0.90x raw', met: vsRaw.median >= 0.9 },
			note:
				`sealed chunk by chunk on the sender's main thread: its writer loop busy ` +
				`${pct(fillShare.median)} [${pct(fillShare.min)}–${pct(fillShare.max)}] of the transfer; ` +
				`sent (median ms from the bytes handed over): header ${phase('headerAt')}, last chunk ` +
				`${phase('lastChunkAt')}, trailer ${phase('trailerAt')}; receipt back ${appMs}; ` +
				`chunks sent into a dry channel: ${dry.median} [${dry.min}–${dry.max}] of ` +
				`${taps[0]?.chunks ?? 0}; sealing alone as the app does on that page (${appCipher}) ` +
				`${appRate.median.toFixed(0)} MB/s [${appRate.min.toFixed(0)}–${appRate.max.toFixed(0)}] ` +
				`(${appMain.median.toFixed(0)} ms on the main thread), XChaCha20-Poly1305 (plain-http pages) ` +
				`on that thread ${sealRate.median.toFixed(0)} MB/s ` +
				`[${sealRate.min.toFixed(0)}–${sealRate.max.toFixed(0)}] (${sealMain.median.toFixed(0)} ms of it); ` +
				`machine CPU, raw loop: ${percentText(medianSplit(cpu.raw))}; ` +
				`app path: ${percentText(medianSplit(cpu.app))}`
		},
		{
			bench: 'transfer',
			name: `${label} sealed drop (app path) vs PairDrop-style`,
			unit: 'MB/s',
			value: app,
			baseline: { name: 'PairDrop-style', value: summarize(mbps('pairdrop')) },
			ratio: vsPairDrop,
			goal: { text: '>= 1.5x PairDrop', met: vsPairDrop.median >= 1.5 }
		},
		{
			bench: 'transfer',
			name: `${label} sealed drop, app modules on a plain channel (no simple-peer)`,
			unit: 'MB/s',
			value: summarize(mbps('app-plain')),
			baseline: raw,
			ratio: plainVsRaw
		},
		{
			bench: 'transfer',
			name: `${label} raw loop on the app's link (simple-peer's channel) vs raw`,
			unit: 'MB/s',
			value: rawLink.value,
			baseline: raw,
			ratio: summarize(pairedRatios(mbps('raw-link'), mbps('raw')))
		},
		{
			bench: 'transfer',
			name: `${label} sealed drop (app path) vs the raw loop on the same link`,
			unit: 'MB/s',
			value: app,
			baseline: rawLink,
			ratio: summarize(pairedRatios(mbps('app'), mbps('raw-link')))
		}
	];
}

export async function runTransferBench(opts: TransferBenchOptions) {
	const plan = opts.quick ? QUICK_PLAN : FULL_PLAN;
	const maxSize = Math.max(...plan.map((p) => p.size));
	return withTwoBrowsers(async (browserA, browserB) => {
		const [a, b] = await Promise.all([browserA.newPage(), browserB.newPage()]);
		await Promise.all([a.goto(`${opts.pagesUrl}/transfer.html`), b.goto(`${opts.pagesUrl}/transfer.html`)]);
		await connectPlain(a, b);
		await connectAppLink(a, b);
		await a.evaluate((n) => window.bench.allocate(n), maxSize);
		// Warm-up: JIT, buffers and congestion windows, untimed.
		for (const mode of MODES) await trial(a, b, mode, 1 * MB);

		const rows: ResultRow[] = [];
		const samples: Record<number, { timings: Samples; cpu: CpuSamples }> = {};
		for (const { size, runs } of plan) {
			const s: Samples = {
				raw: [],
				app: [],
				pairdrop: [],
				'app-plain': [],
				'raw-link': [],
				sealMs: [],
				appSeal: []
			};
			const cpu: CpuSamples = { raw: [], app: [], pairdrop: [], 'app-plain': [], 'raw-link': [] };
			for (let run = 0; run < runs; run++) {
				// Rotate the order so that no mode always runs first or last in a round.
				for (let k = 0; k < MODES.length; k++) {
					const mode = MODES[(run + k) % MODES.length]!;
					const before = readCpuTicks();
					s[mode].push(await trial(a, b, mode, size));
					cpu[mode].push(cpuSplit(before, readCpuTicks()));
				}
				s.sealMs.push(await a.evaluate((n) => window.bench.sealOnMainThread(n), size));
				s.appSeal.push(await a.evaluate((n) => window.bench.sealAsTheAppDoes(n), size));
			}
			samples[size] = { timings: s, cpu };
			rows.push(...rowsFor(size, s, cpu));
			console.log(`  transfer ${size / MB} MB: ${runs} rounds done`);
		}

		// The ceiling and the app's path, side by side: what the app adds to each main thread.
		const profiles: TransferProfile[] = [];
		if (opts.profile) {
			const dir = join(opts.resultsDir, 'profiles');
			for (const mode of ['raw', 'app'] as const) {
				const p = await profileTransfer(a, b, mode, maxSize, dir);
				printProfile(p, maxSize);
				profiles.push(p);
			}
		}
		await Promise.all([a.evaluate(() => window.bench.close()), b.evaluate(() => window.bench.close())]);
		return { rows, data: { samples, profiles } };
	});
}
