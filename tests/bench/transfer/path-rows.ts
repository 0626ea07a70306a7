/** The whole-path bench's rows: medians with their spread, each against a baseline of the same run. */
import type { ResultRow } from '../support/results';
import { pairedRatios, summarize } from '../support/stats';
import type { AppTiming, LoopTiming } from './path-trials';

export interface SizeSamples {
	label: string;
	bytes: number;
	app: AppTiming[];
	raw: LoopTiming[];
	pairdrop: LoopTiming[];
}

const ms = (list: readonly { ms: number }[]) => list.map((t) => t.ms);
const median = (values: readonly number[]) => summarize(values).median;
const whole = (v: number) => v.toFixed(0);

/** How many times faster the first is: baseline time / our time, run by run. */
const speedRatio = (ours: readonly number[], baseline: readonly number[]) =>
	summarize(pairedRatios(baseline, ours));

/** The goals of the issue: at least this fraction of raw speed, where one is set. */
function rawGoal(bytes: number): number | null {
	if (bytes >= 10_000_000) return 0.9;
	if (bytes >= 1_000_000) return 0.8;
	return null;
}

export function sizeRows(s: SizeSamples): ResultRow[] {
	const app = ms(s.app);
	const raw = ms(s.raw);
	const pairdrop = ms(s.pairdrop);
	// From the header's arrival: the sender's `sending` shows only once its first burst of
	// chunks (up to the 8 MiB high water) is queued, so it comes late by up to 8 MiB of sending.
	const transfer = s.app.map((t) => t.receivingMs);
	const vsRaw = speedRatio(app, raw);
	const vsPairDrop = speedRatio(app, pairdrop);
	const goal = rawGoal(s.bytes);
	const rawBase = { name: 'raw loop', value: summarize(raw) };
	const mbps = (v: number) => ((s.bytes / 1e6 / v) * 1000).toFixed(1);
	const phase = (k: keyof AppTiming) => whole(median(s.app.map((t) => t[k])));
	const name = (what: string) => `${s.label} ${what}`;
	return [
		{
			bench: 'path',
			name: name('chosen -> sealed, original, vs raw'),
			unit: 'ms',
			value: summarize(app),
			baseline: rawBase,
			ratio: vsRaw,
			ratioOf: 'of raw speed',
			...(goal === null ? {} : { goal: { text: `>= ${goal.toFixed(1)}x raw`, met: vsRaw.median >= goal } }),
			note:
				`ours ${mbps(median(app))} MB/s, raw ${mbps(median(raw))} MB/s; ours: chosen -> header at ` +
				`the recipient ${phase('headerMs')} ms, -> sealed ${phase('receivingMs')} ms; raw: file read ` +
				`${whole(median(s.raw.map((t) => t.readyMs)))} ms`
		},
		{
			bench: 'path',
			name: name('chosen -> sealed, original, vs PairDrop-style'),
			unit: 'ms',
			value: summarize(app),
			baseline: { name: 'PairDrop-style', value: summarize(pairdrop) },
			ratio: vsPairDrop,
			ratioOf: 'of PairDrop-style speed',
			...(s.bytes === 1_000_000
				? { goal: { text: '>= 1.2x PairDrop-style', met: vsPairDrop.median >= 1.2 } }
				: {})
		},
		{
			bench: 'path',
			name: name('PairDrop-style loop vs raw'),
			unit: 'ms',
			value: summarize(pairdrop),
			baseline: rawBase,
			ratio: speedRatio(pairdrop, raw),
			ratioOf: 'of raw speed'
		},
		{
			bench: 'path',
			name: name('transfer phase only (header in -> sealed) vs raw'),
			unit: 'ms',
			value: summarize(transfer),
			baseline: rawBase,
			ratio: speedRatio(transfer, raw),
			ratioOf: 'of raw speed'
		}
	];
}

/** One small drop: what a drop costs beyond its bytes. */
export function fixedCostRow(
	label: string,
	app: readonly AppTiming[],
	raw: readonly LoopTiming[]
): ResultRow {
	const ratio = summarize(pairedRatios(ms(app), ms(raw)));
	return {
		bench: 'path',
		name: `${label} drop, fixed cost: chosen -> sealed, original`,
		unit: 'ms',
		value: summarize(ms(app)),
		baseline: { name: 'raw loop', value: summarize(ms(raw)) },
		ratio,
		ratioOf: 'of raw time',
		goal: { text: '<= 2x raw time', met: ratio.median <= 2 },
		note:
			`ours: chosen -> header at the recipient ${whole(median(app.map((t) => t.headerMs)))} ms, ` +
			`-> sealed ${whole(median(app.map((t) => t.receivingMs)))} ms`
	};
}

/** The default quality: the app's preparation and transfer against the least they could cost. */
export function autoQualityRow(
	photo: string,
	app: readonly AppTiming[],
	base: readonly LoopTiming[]
): ResultRow {
	const ratio = summarize(pairedRatios(ms(app), ms(base)));
	return {
		bench: 'path',
		name: `${photo}, auto quality: chosen -> sealed`,
		unit: 'ms',
		value: summarize(ms(app)),
		baseline: { name: 'single-pass encode + raw', value: summarize(ms(base)) },
		ratio,
		ratioOf: 'of baseline time',
		goal: { text: '<= 1.2x baseline', met: ratio.median <= 1.2 },
		note:
			`ours: chosen -> header at the recipient ${whole(median(app.map((t) => t.headerMs)))} ms; baseline: encode ` +
			`${whole(median(base.map((t) => t.readyMs)))} ms to ${whole(median(base.map((t) => t.bytes / 1000)))} KB`
	};
}
