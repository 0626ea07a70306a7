import { describe, expect, it } from 'vitest';
import { collectWhenQuiet } from './quiet-heap';

/** A hand-cranked interval and a connection count the test moves. */
function rig(minAccepted = 20, minReleased = 200) {
	let tick: () => void = () => undefined;
	let stopped = false;
	const counts = { accepted: 0, retained: 0, received: 0 };
	let collections = 0;
	const stop = collectWhenQuiet({
		// Two collections in a row make one spell's return.
		collect: () => collections++,
		accepted: () => counts.accepted,
		received: () => counts.received,
		retained: () => counts.retained,
		minAccepted,
		minReleased,
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

	it('never collects while the clients it holds still signal, then once their messages fall to a trickle', () => {
		const r = rig();
		r.counts.accepted = 10_000;
		r.tick();
		for (let i = 0; i < 5; i++) {
			r.counts.received += 50_000;
			r.tick();
		}
		expect(r.spells()).toBe(0);
		r.counts.received += 50;
		r.tick();
		expect(r.spells()).toBe(1);
	});

	it('entries released while messages flow wait for the quiet too', () => {
		const r = rig();
		r.counts.retained = 1_000;
		r.tick();
		r.counts.retained = 0;
		r.counts.received += 5_000;
		r.tick();
		expect(r.spells()).toBe(0);
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

	it('collects again on a quiet check once what the hub kept has been released (swept after its time)', () => {
		const r = rig();
		r.counts.accepted = 500;
		r.counts.retained = 3000;
		r.tick();
		r.tick();
		expect(r.spells()).toBe(1);
		// Reservations and buckets lapse later: less than `minReleased` is not worth a collection.
		r.counts.retained = 2850;
		r.tick();
		expect(r.spells()).toBe(1);
		r.counts.retained = 0;
		r.tick();
		expect(r.spells()).toBe(2);
		r.tick();
		expect(r.spells()).toBe(2);
	});

	it('does not count state released while connections keep coming, nor growth as release', () => {
		const r = rig();
		r.counts.retained = 1000;
		r.counts.accepted = 10;
		r.tick();
		r.counts.retained = 100;
		r.counts.accepted = 15;
		r.tick();
		expect(r.spells()).toBe(0);
		// Quiet now, released 900 since the highest: collects.
		r.tick();
		expect(r.spells()).toBe(1);
		r.counts.retained = 5000;
		r.tick();
		r.counts.retained = 4900;
		r.tick();
		expect(r.spells()).toBe(1);
	});

	it('stops', () => {
		const r = rig();
		r.stop();
		expect(r.stopped()).toBe(true);
	});
});
