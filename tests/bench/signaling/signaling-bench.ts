export async function runSignalingBench(_opts: unknown) {
	return { rows: [], data: null };
}
