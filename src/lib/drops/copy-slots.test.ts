import { describe, expect, it } from 'vitest';
import { CopySlots } from './copy-slots';

/** A task the test finishes by hand, noting when it started. */
function gate(started: string[], name: string) {
	let finish!: () => void;
	let fail!: (e: Error) => void;
	const done = new Promise<string>((resolve, reject) => {
		finish = () => resolve(name);
		fail = reject;
	});
	const task = () => {
		started.push(name);
		return done;
	};
	return { task, finish: () => finish(), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CopySlots', () => {
	it('runs at most the limit at once, the rest in the order they came', async () => {
		const slots = new CopySlots(3);
		const started: string[] = [];
		const gates = ['a', 'b', 'c', 'd', 'e'].map((n) => gate(started, n));
		const runs = gates.map((g) => slots.run(g.task));
		await tick();
		expect(started).toEqual(['a', 'b', 'c']);
		expect([slots.running, slots.waiting]).toEqual([3, 2]);
		gates[1]!.finish();
		await tick();
		expect(started).toEqual(['a', 'b', 'c', 'd']);
		for (const g of gates) g.finish();
		expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect([slots.running, slots.waiting]).toEqual([0, 0]);
	});

	it('a task that fails frees its slot and rejects its caller', async () => {
		const slots = new CopySlots(1);
		const started: string[] = [];
		const [a, b] = [gate(started, 'a'), gate(started, 'b')];
		const first = slots.run(a.task);
		const second = slots.run(b.task);
		a.fail(new Error('link closed'));
		await expect(first).rejects.toThrow('link closed');
		await tick();
		expect(started).toEqual(['a', 'b']);
		b.finish();
		await expect(second).resolves.toBe('b');
	});

	it('a waiting task whose signal aborts never runs and gives up its place', async () => {
		const slots = new CopySlots(1);
		const started: string[] = [];
		const [a, b, c] = [gate(started, 'a'), gate(started, 'b'), gate(started, 'c')];
		void slots.run(a.task);
		const abort = new AbortController();
		const refused = slots.run(b.task, abort.signal);
		const third = slots.run(c.task);
		abort.abort(new Error('refused by the recipient'));
		await expect(refused).rejects.toThrow('refused by the recipient');
		expect(slots.waiting).toBe(1);
		a.finish();
		c.finish();
		await expect(third).resolves.toBe('c');
		expect(started).toEqual(['a', 'c']);
	});

	it('an already aborted signal is refused at once', async () => {
		const slots = new CopySlots(2);
		const started: string[] = [];
		const abort = new AbortController();
		abort.abort(new Error('gone'));
		await expect(slots.run(gate(started, 'a').task, abort.signal)).rejects.toThrow('gone');
		expect([started, slots.running]).toEqual([[], 0]);
	});

	it('refuses a limit that is not a whole number from 1', () => {
		for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new CopySlots(bad)).toThrow(RangeError);
	});
});
