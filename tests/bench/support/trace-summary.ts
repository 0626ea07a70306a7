import type { Browser, Page } from '@playwright/test';

/** What a CPU profile of the main thread does not see: raster, decoding, workers starting. */
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'];

interface TraceEvent {
	ph: string;
	name: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	args?: { name?: string };
}

export interface TraceSummary {
	/** Busy time per thread name, summed over the browser's threads of that name, in ms. */
	threads: Record<string, number>;
	/** Self time of the busiest events, in ms. */
	events: { name: string; ms: number }[];
}

/** Self time of each complete event: its duration less that of the events nested in it. */
function selfTimes(list: TraceEvent[], self: Map<string, number>): number {
	list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
	const stack: { end: number; event: TraceEvent; children: number }[] = [];
	let busy = 0;
	const pop = () => {
		const top = stack.pop()!;
		self.set(top.event.name, (self.get(top.event.name) ?? 0) + (top.event.dur ?? 0) - top.children);
	};
	for (const e of list) {
		while (stack.length && stack.at(-1)!.end <= e.ts) pop();
		const parent = stack.at(-1);
		if (parent) parent.children += e.dur ?? 0;
		else busy += e.dur ?? 0;
		stack.push({ end: e.ts + (e.dur ?? 0), event: e, children: 0 });
	}
	while (stack.length) pop();
	return busy;
}

export function summarizeTrace(json: Buffer, top = 12): TraceSummary {
	const { traceEvents } = JSON.parse(json.toString('utf8')) as { traceEvents: TraceEvent[] };
	const names = new Map<string, string>();
	const byThread = new Map<string, TraceEvent[]>();
	for (const e of traceEvents) {
		const key = `${e.pid}/${e.tid}`;
		if (e.ph === 'M' && e.name === 'thread_name') names.set(key, e.args?.name ?? key);
		if (e.ph !== 'X' || !e.dur) continue;
		const list = byThread.get(key) ?? [];
		list.push(e);
		byThread.set(key, list);
	}
	const self = new Map<string, number>();
	const threads: Record<string, number> = {};
	for (const [key, list] of byThread) {
		const name = names.get(key) ?? key;
		threads[name] = (threads[name] ?? 0) + selfTimes(list, self) / 1000;
	}
	const events = [...self.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([name, us]) => ({ name, ms: us / 1000 }));
	return { threads, events };
}

/** Traces `browser` (all its threads) while `work` runs in `page`. */
export async function traced<T>(browser: Browser, page: Page, work: () => Promise<T>) {
	await browser.startTracing(page, { categories: CATEGORIES });
	try {
		const result = await work();
		return { result, trace: await browser.stopTracing() };
	} catch (e) {
		await browser.stopTracing().catch(() => undefined);
		throw e;
	}
}

export function printTrace(label: string, s: TraceSummary): void {
	const busy = Object.entries(s.threads)
		.filter(([, ms]) => ms >= 5)
		.sort((a, b) => b[1] - a[1])
		.map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
		.join(', ');
	console.log(`    ${label}, busy ms by thread: ${busy}`);
	console.log(
		`    ${label}, busiest events (self ms): ${s.events.map((e) => `${e.name} ${e.ms.toFixed(0)}`).join(', ')}`
	);
}
