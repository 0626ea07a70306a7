/** One entry of a `getStats()` report: browsers differ, so none of its fields is trusted. */
export type Stat = Record<string, unknown>;

/** A `getStats()` report's entries by their id; anything without a string id is left out. */
export function statsById(report: Iterable<unknown>): Map<string, Stat> {
	const byId = new Map<string, Stat>();
	for (const stat of report) {
		if (typeof stat !== 'object' || stat === null) continue;
		const entry = stat as Stat;
		if (typeof entry.id === 'string') byId.set(entry.id, entry);
	}
	return byId;
}

/** A field of a stat that holds text, or undefined. */
export function text(stat: Stat | undefined, key: string): string | undefined {
	const value = stat?.[key];
	return typeof value === 'string' ? value : undefined;
}
