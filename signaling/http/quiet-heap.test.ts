import { describe, expect, it } from 'vitest';
import { collectWhenQuiet } from './quiet-heap';

/** A hand-cranked interval and a connection count the test moves. */
function rig(minAccepted = 20) {
	let tick: () => void = () => undefined;
	let stopped = false;
	const counts = { accepted: 0 };
	let collections = 0;
	const stop = collectWhenQuiet({
		// Two collections in a row make one spell's return.
		collect: () => collections++,
		accepted: () => counts.accepted,
		minAccepted,
		setInterval: (fn) => {
			tick = fn;
			return {};
		},
		clearInterval: () => {
			stopped = true;
		}
	});
	return {
		counts,
		tick: () => tick(),
		spells: () => collections / 2,
		stop,
		stopped: () => stopped
	};
}

describe('collectWhenQuiet', () => {
	it('collects once on the first check without a new connection after a busy spell, and not again while idle', () => {
		const r = rig();
		r.counts.accepted = 500;
		r.tick();
		expect(r.spells()).toBe(0);
		r.tick();
		expect(r.spells()).toBe(1);
		r.tick();
		r.tick();
		expect(r.spells()).toBe(1);
	});

	it('never collects while connections keep coming', () => {
		const r = rig();
		for (let i = 1; i <= 10; i++) {
			r.counts.accepted = i * 100;
			r.tick();
		}
		expect(r.spells()).toBe(0);
	});

	it('leaves a server that was barely used alone, and counts a new spell from the last collection', () => {
		const r = rig(20);
		r.counts.accepted = 5;
		r.tick();
		r.tick();
		expect(r.spells()).toBe(0);
		r.counts.accepted = 30;
		r.tick();
		r.tick();
		expect(r.spells()).toBe(1);
		r.counts.accepted = 40;
		r.tick();
		r.tick();
		expect(r.spells()).toBe(1);
		r.counts.accepted = 60;
		r.tick();
		r.tick();
		expect(r.spells()).toBe(2);
	});

	it('stops', () => {
		const r = rig();
		r.stop();
		expect(r.stopped()).toBe(true);
	});
});
