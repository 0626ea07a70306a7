/**
 * Where a process's resident memory is, read without its help (/proc/<pid>/smaps) and with it
 * (V8's heap spaces, sent by the server child): so that RSS that grew can be told apart as V8
 * heap (by space), allocator memory (anonymous, outside V8) or mapped files.
 */
import { readFileSync } from 'node:fs';

export interface MappingRss {
	/** `[heap]`, `[stack]`, a file's path, or `anon` for unnamed anonymous mappings. */
	name: string;
	rssKb: number;
	anonKb: number;
}

export interface SmapsSplit {
	rssKb: number;
	anonKb: number;
	fileKb: number;
	/** Summed by name. */
	byName: Map<string, MappingRss>;
}

/** Parses /proc/<pid>/smaps into RSS by mapping name (anonymous mappings all count as `anon`). */
export function parseSmaps(text: string): SmapsSplit {
	const byName = new Map<string, MappingRss>();
	let current: MappingRss | null = null;
	let rssKb = 0;
	let anonKb = 0;
	for (const line of text.split('\n')) {
		const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
		if (header) {
			const name = header[1]!.trim() || 'anon';
			current = byName.get(name) ?? { name, rssKb: 0, anonKb: 0 };
			byName.set(name, current);
			continue;
		}
		const field = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
		if (!field || !current) continue;
		const kb = Number(field[2]);
		if (field[1] === 'Rss') {
			current.rssKb += kb;
			rssKb += kb;
		} else {
			current.anonKb += kb;
			anonKb += kb;
		}
	}
	return { rssKb, anonKb, fileKb: rssKb - anonKb, byName };
}

export function readSmaps(pid: number): SmapsSplit {
	return parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8'));
}

/** The mappings whose RSS changed by at least `minKb` from `a` to `b`, biggest change first. */
export function smapsGrowth(a: SmapsSplit, b: SmapsSplit, minKb = 256): string[] {
	const names = new Set([...a.byName.keys(), ...b.byName.keys()]);
	return [...names]
		.map((name) => ({ name, d: (b.byName.get(name)?.rssKb ?? 0) - (a.byName.get(name)?.rssKb ?? 0) }))
		.filter(({ d }) => Math.abs(d) >= minKb)
		.sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
		.map(({ name, d }) => `${name} ${d >= 0 ? '+' : ''}${(d / 1024).toFixed(1)} MB`);
}

/** V8's heap, by space: committed (what RSS can hold) and used. */
export interface HeapSpaceFigure {
	name: string;
	sizeBytes: number;
	usedBytes: number;
}

export function heapSpaceGrowth(a: HeapSpaceFigure[], b: HeapSpaceFigure[], minBytes = 128 * 1024): string[] {
	return b
		.map((space) => {
			const before = a.find((s) => s.name === space.name);
			return {
				name: space.name,
				size: space.sizeBytes - (before?.sizeBytes ?? 0),
				used: space.usedBytes - (before?.usedBytes ?? 0)
			};
		})
		.filter(({ size, used }) => Math.abs(size) >= minBytes || Math.abs(used) >= minBytes)
		.map(
			({ name, size, used }) =>
				`${name} size ${size >= 0 ? '+' : ''}${(size / 1048576).toFixed(2)} MB, used ${used >= 0 ? '+' : ''}${(used / 1048576).toFixed(2)} MB`
		);
}
