import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

/** The shape of a CDP `Profiler.Profile`, as far as the summary needs it. */
interface Profile {
	nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
	samples?: number[];
	timeDeltas?: number[];
}

export interface HotFunction {
	name: string;
	selfMs: number;
	share: number;
}

export class PageProfiler {
	#cdp: CDPSession | null = null;
	constructor(private readonly page: Page) {}

	async start(intervalUs = 200): Promise<void> {
		this.#cdp = await this.page.context().newCDPSession(this.page);
		await this.#cdp.send('Profiler.enable');
		await this.#cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await this.#cdp.send('Profiler.start');
	}

	async stop(): Promise<Profile> {
		const cdp = this.#cdp;
		if (!cdp) throw new Error('profiler not started');
		const { profile } = await cdp.send('Profiler.stop');
		await cdp.detach();
		this.#cdp = null;
		return profile as Profile;
	}
}

export interface ProfileSummary {
	totalMs: number;
	/** Main thread not idle: JS, GC, and the engine's own work ("(program)"). */
	busyMs: number;
	/** Self time per function (name, file and line), most first. */
	hot: HotFunction[];
}

export function summarizeProfile(profile: Profile, top = 12): ProfileSummary {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	let total = 0;
	// A sample's time is the gap to the next sample.
	for (let i = 0; i < samples.length; i++) {
		const dt = (deltas[i + 1] ?? 0) / 1000;
		const node = byId.get(samples[i]!);
		if (!node) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		const file = url.split('/').pop() ?? '';
		const key = `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
		self.set(key, (self.get(key) ?? 0) + dt);
		total += dt;
	}
	const hot = [...self.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([name, ms]) => ({ name, selfMs: ms, share: total > 0 ? ms / total : 0 }));
	return { totalMs: total, busyMs: total - (self.get('(idle)') ?? 0), hot };
}

export function saveProfile(dir: string, name: string, profile: Profile): string {
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${name}.cpuprofile`);
	writeFileSync(path, JSON.stringify(profile));
	return path;
}
