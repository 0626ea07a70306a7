export async function runMemoryBench(_opts: unknown) {
	return { rows: [], data: null };
}
