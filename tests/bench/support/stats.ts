/** Median and spread of a handful of runs: the machine is shared, so single runs mean little. */
export interface Summary {
	n: number;
	median: number;
	min: number;
	max: number;
	p25: number;
	p75: number;
}

/** Linear interpolation between the closest ranks, as spreadsheets do. */
function quantile(sorted: readonly number[], q: number): number {
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function summarize(samples: readonly number[]): Summary {
	if (samples.length === 0) throw new RangeError('no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		n: sorted.length,
		median: quantile(sorted, 0.5),
		min: sorted[0]!,
		max: sorted.at(-1)!,
		p25: quantile(sorted, 0.25),
		p75: quantile(sorted, 0.75)
	};
}

/**
 * Ratios of runs taken side by side (run i of one against run i of the other): noise that hits
 * both of a pair cancels out, which a ratio of two medians would not give.
 */
export function pairedRatios(values: readonly number[], baselines: readonly number[]): number[] {
	if (values.length !== baselines.length) throw new RangeError('unpaired samples');
	return values.map((v, i) => v / baselines[i]!);
}

/** p-th percentile of many samples (latencies), p in 0..100. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	return quantile(sorted, p / 100);
}
