export async function runPageWeight(_opts: unknown) {
	return { rows: [], data: null };
}
