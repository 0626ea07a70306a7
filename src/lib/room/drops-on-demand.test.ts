import { describe, expect, it } from 'vitest';
import type { DropCode, DropParts, DropWires } from './drops-on-demand';
import { DropsOnDemand } from './drops-on-demand';

/** Parts that only say what was asked of them, and a load the test lets finish. */
function setup() {
	const calls: string[] = [];
	const parts = {
		sender: { stop: () => calls.push('sender.stop'), settled: Promise.resolve() },
		receiver: { stop: () => calls.push('receiver.stop') }
	} as unknown as DropParts;
	const code: DropCode = { makeDropParts: () => (calls.push('made'), parts) };
	const loads: { resolve: (c: DropCode) => void; reject: (e: unknown) => void }[] = [];
	const failures: unknown[] = [];
	const drops = new DropsOnDemand({
		load: () => new Promise<DropCode>((resolve, reject) => loads.push({ resolve, reject })),
		wires: {} as DropWires,
		failed: (err) => failures.push(err)
	});
	return { calls, code, loads, failures, drops, parts };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('DropsOnDemand', () => {
	it('loads nothing for what has no drop to touch', async () => {
		const { drops, loads, calls } = setup();
		drops.ifAny(() => calls.push('peer gone'));
		await flush();
		expect(loads).toHaveLength(0);
		expect(calls).toEqual([]);
		await expect(drops.settled).resolves.toBeUndefined();
	});

	it('loads the code once, and hands over what waited for it in the order it came', async () => {
		const { drops, loads, calls, code, parts } = setup();
		drops.need(() => calls.push('header'));
		drops.need(() => calls.push('chunk 1'));
		drops.ifAny(() => calls.push('link down'));
		drops.need(() => calls.push('chunk 2'));
		expect(loads).toHaveLength(1);
		expect(calls).toEqual([]);
		loads[0]!.resolve(code);
		await flush();
		expect(calls).toEqual(['made', 'header', 'chunk 1', 'link down', 'chunk 2']);
		expect(drops.parts).toBe(parts);
		// Once there, the parts are used at once.
		drops.need(() => calls.push('now'));
		expect(calls.at(-1)).toBe('now');
	});

	it('runs nothing that waited when the room stops meanwhile, and makes no parts', async () => {
		const { drops, loads, calls, code } = setup();
		drops.need(() => calls.push('header'));
		const settled = drops.settled;
		drops.stop();
		loads[0]!.resolve(code);
		await flush();
		await expect(settled).resolves.toBeUndefined();
		expect(calls).toEqual([]);
		expect(drops.parts).toBeUndefined();
	});

	it('says so when the code cannot be loaded, and tries again on the next drop', async () => {
		const { drops, loads, calls, failures, code } = setup();
		drops.need(() => calls.push('lost'));
		loads[0]!.reject(new TypeError('Failed to fetch'));
		await flush();
		expect(failures).toHaveLength(1);
		expect(calls).toEqual([]);
		drops.need(() => calls.push('second'));
		expect(loads).toHaveLength(2);
		loads[1]!.resolve(code);
		await flush();
		expect(calls).toEqual(['made', 'second']);
	});

	it('stops both halves once made', async () => {
		const { drops, loads, calls, code } = setup();
		drops.prefetch();
		loads[0]!.resolve(code);
		await flush();
		drops.stop();
		expect(calls).toEqual(['made', 'sender.stop', 'receiver.stop']);
	});
});
