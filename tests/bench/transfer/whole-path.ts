/**
 * The whole path as a person meets it: a photo chosen in the real app (its own pages and
 * modules, built as shipped) on one device, until the drop is `sealed` on the other, at original
 * quality, for incompressible JPEGs from 300 KB to 35 MB. Beside it, in the same run and the same
 * two browser processes (a second page in each): the raw loop (the file read, 64 KiB messages,
 * 8 MiB high water) and a lean PairDrop-style loop, both from the same file chosen the same way;
 * the fixed cost of a 10 KB drop; and the default (auto) quality for a real photo against a
 * single-pass encode plus the raw loop of its output. Modes rotate from round to round.
 */
import type { Browser } from '@playwright/test';
import { join } from 'node:path';
import { DEFAULT_MAX_EDGE, DEFAULT_QUALITY } from '../../../src/lib/image/inspect-photo';
import { fixturePath } from '../../support/fixtures';
import { withTwoBrowsers } from '../support/browsers';
import { PageProfiler, saveProfile, summarizeProfile } from '../support/cpu-profile';
import { printTrace, summarizeTrace, traced } from '../support/trace-summary';
import { preparedSize } from '../support/prepared-size';
import type { ResultRow } from '../support/results';
import { noiseJpeg } from './noise-jpegs';
import { autoQualityRow, fixedCostRow, sizeRows, type SizeSamples } from './path-rows';
import {
	appTrial,
	chooseQuality,
	loopTrial,
	openDevices,
	type AppTiming,
	type Devices,
	type LoopTiming
} from './path-trials';

export interface WholePathOptions {
	quick: boolean;
	/** Profile both main threads through one 1 MB drop. */
	profile: boolean;
	/**
	 * Only the 10 KB drop (the fixed cost), with this many rounds: `--path-fixed[=N]`, for A/B runs
	 * of the fixed cost without the minutes of the big rows.
	 */
	fixedOnly?: number;
	appUrl: string;
	pagesUrl: string;
	resultsDir: string;
}

interface SizePlan {
	label: string;
	bytes: number;
	runs: number;
}

const FULL_PLAN: readonly SizePlan[] = [
	{ label: '300 KB', bytes: 300_000, runs: 7 },
	{ label: '1 MB', bytes: 1_000_000, runs: 7 },
	{ label: '10 MB', bytes: 10_000_000, runs: 5 },
	{ label: '35 MB', bytes: 35_000_000, runs: 5 }
];
const QUICK_PLAN: readonly SizePlan[] = [{ label: '1 MB', bytes: 1_000_000, runs: 2 }];
const FIXED = { label: '10 KB', bytes: 10_000, runs: 9 };
/** A quick run keeps the fixed cost too (a 10 KB round takes well under a second). */
const QUICK_FIXED_RUNS = 3;
const AUTO_PHOTO = 'HMD_Nokia_8.3_5G.jpg';
const AUTO_RUNS = 5;

/** The app's drops are counted in order over the whole run: trial `n` is the `n`th drop. */
class Run {
	drops = 0;
	constructor(readonly d: Devices) {}
	app(file: string): Promise<AppTiming> {
		return appTrial(this.d, file, this.drops++);
	}
}

/** `runs` rounds of each trial kind, the order rotated each round; samples by kind. */
async function rounds<K extends string>(
	runs: number,
	kinds: Record<K, () => Promise<AppTiming | LoopTiming>>
): Promise<Record<K, (AppTiming | LoopTiming)[]>> {
	const names = Object.keys(kinds) as K[];
	const out = Object.fromEntries(names.map((k) => [k, []])) as unknown as Record<
		K,
		(AppTiming | LoopTiming)[]
	>;
	for (let r = 0; r < runs; r++) {
		for (let k = 0; k < names.length; k++) {
			const name = names[(r + k) % names.length]!;
			out[name].push(await kinds[name]());
		}
	}
	return out;
}

async function sizeSamples(run: Run, plan: SizePlan): Promise<SizeSamples> {
	const file = noiseJpeg(plan.bytes);
	const s = await rounds(plan.runs, {
		app: () => run.app(file),
		raw: () => loopTrial(run.d, 'raw', file),
		pairdrop: () => loopTrial(run.d, 'pairdrop', file)
	});
	return {
		label: plan.label,
		bytes: plan.bytes,
		app: s.app as AppTiming[],
		raw: s.raw as LoopTiming[],
		pairdrop: s.pairdrop as LoopTiming[]
	};
}

/**
 * One more drop traced in the sender's browser (every thread: raster, decoding, workers), then a
 * raw loop of the same file, for comparison: 1 MB, and 10 KB for the fixed cost of a drop.
 */
async function traceDrop(run: Run, browser: Browser, plan: { label: string; bytes: number }) {
	const file = noiseJpeg(plan.bytes);
	const app = await traced(browser, run.d.a, () => run.app(file));
	const raw = await traced(browser, run.d.loopsA, () => loopTrial(run.d, 'raw', file));
	const summaries = { app: summarizeTrace(app.trace), raw: summarizeTrace(raw.trace) };
	console.log(
		`  trace of the sender's browser, one ${plan.label} drop: ${app.result.ms.toFixed(0)} ms chosen -> ` +
			`sealed (raw loop: ${raw.result.ms.toFixed(0)} ms)`
	);
	printTrace('app', summaries.app);
	printTrace('raw', summaries.raw);
	return summaries;
}

/** One more 1 MB drop with both app pages' main threads profiled. */
async function profileDrop(run: Run, dir: string) {
	const sender = new PageProfiler(run.d.a);
	const receiver = new PageProfiler(run.d.b);
	await Promise.all([sender.start(), receiver.start()]);
	const timing = await run.app(noiseJpeg(1_000_000));
	const [sent, received] = await Promise.all([sender.stop(), receiver.stop()]);
	saveProfile(dir, 'path-1MB-sender', sent);
	saveProfile(dir, 'path-1MB-receiver', received);
	const summaries = { sender: summarizeProfile(sent, 15), receiver: summarizeProfile(received, 15) };
	console.log(`  profile, one 1 MB drop (original): ${timing.ms.toFixed(0)} ms chosen -> sealed`);
	for (const [side, s] of Object.entries(summaries)) {
		console.log(`    ${side} main thread busy ${s.busyMs.toFixed(0)} ms (self time):`);
		for (const h of s.hot) {
			console.log(
				`      ${(h.share * 100).toFixed(1).padStart(5)} %  ${h.selfMs.toFixed(0).padStart(6)} ms  ${h.name}`
			);
		}
	}
	return { timing, ...summaries };
}

export async function runWholePath(opts: WholePathOptions): Promise<{ rows: ResultRow[]; data: unknown }> {
	const plan = opts.fixedOnly !== undefined ? [] : opts.quick ? QUICK_PLAN : FULL_PLAN;
	return withTwoBrowsers(async (browserA, browserB) => {
		const run = new Run(await openDevices(browserA, browserB, opts.appUrl, opts.pagesUrl));
		await chooseQuality(run.d.a, 'original');
		// Warm-up, untimed: JIT, workers, congestion windows.
		const warm = noiseJpeg(1_000_000);
		await run.app(warm);
		await loopTrial(run.d, 'raw', warm);
		await loopTrial(run.d, 'pairdrop', warm);

		const rows: ResultRow[] = [];
		const samples: Record<string, unknown> = {};
		for (const p of plan) {
			const s = await sizeSamples(run, p);
			rows.push(...sizeRows(s));
			samples[p.label] = s;
			console.log(`  path ${p.label}: ${p.runs} rounds done`);
		}
		{
			const runs = opts.fixedOnly ?? (opts.quick ? QUICK_FIXED_RUNS : FIXED.runs);
			const file = noiseJpeg(FIXED.bytes);
			const f = await rounds(runs, {
				app: () => run.app(file),
				raw: () => loopTrial(run.d, 'raw', file)
			});
			rows.push(fixedCostRow(FIXED.label, f.app as AppTiming[], f.raw as LoopTiming[]));
			samples[FIXED.label] = f;
			console.log(`  path ${FIXED.label}: ${runs} rounds done`);
		}
		const profile = opts.profile
			? {
					cpu: await profileDrop(run, join(opts.resultsDir, 'profiles')),
					trace: await traceDrop(run, browserA, { label: '1 MB', bytes: 1_000_000 }),
					fixedTrace: await traceDrop(run, browserA, FIXED)
				}
			: null;
		if (!opts.quick && opts.fixedOnly === undefined) {
			const photo = fixturePath(AUTO_PHOTO);
			const { width, height } = preparedSize(photo);
			const encode = { width, height, quality: DEFAULT_QUALITY };
			await chooseQuality(run.d.a, 'auto');
			const q = await rounds(AUTO_RUNS, {
				app: () => run.app(photo),
				base: () => loopTrial(run.d, 'encode-raw', photo, encode)
			});
			rows.push(autoQualityRow(AUTO_PHOTO, q.app as AppTiming[], q.base as LoopTiming[]));
			samples[`${AUTO_PHOTO} auto (max edge ${DEFAULT_MAX_EDGE})`] = q;
			console.log(`  path ${AUTO_PHOTO} auto: ${AUTO_RUNS} rounds done`);
		}
		return { rows, data: { samples, profile } };
	});
}
