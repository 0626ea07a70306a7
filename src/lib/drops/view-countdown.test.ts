import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import type { DropHeader } from '../protocol/peer-messages';
import { TimerSet } from '../time/clock';
import { countDown, viewSeconds } from './view-countdown';

function header(kind: 'photo' | 'video', seconds: number, durationMs = 0): DropHeader {
	const options = { views: 1, seconds, hold: false, expiresAt: 0, caption: '' };
	const common = {
		t: 'drop',
		id: 'A'.repeat(22),
		stream: 1,
		size: 1016,
		salt: 'A'.repeat(22),
		cipher: 'aes-256-gcm',
		options
	} as const;
	return kind === 'video'
		? { ...common, kind, mime: 'video/mp4', width: 1, height: 1, durationMs }
		: { ...common, kind, mime: 'image/jpeg', width: 1, height: 1 };
}

describe('viewSeconds', () => {
	it('a photo is shown for the seconds the sender chose, 0 for until closed', () => {
		expect(viewSeconds(header('photo', 10))).toBe(10);
		expect(viewSeconds(header('photo', 0))).toBe(0);
	});

	it('a clip plays through (and a second to start), no longer than the sender allows', () => {
		expect(viewSeconds(header('video', 30, 4_200))).toBe(6);
		expect(viewSeconds(header('video', 0, 4_200))).toBe(6);
		expect(viewSeconds(header('video', 5, 60_000))).toBe(5);
	});
});

describe('countDown', () => {
	function run(seconds: number) {
		const clock = new FakeClock();
		const timers = new TimerSet(clock);
		const ticks: number[] = [];
		let ended = 0;
		countDown(
			clock,
			timers,
			seconds,
			(left) => ticks.push(left),
			() => ended++
		);
		return { clock, timers, ticks, ended: () => ended };
	}

	it('counts the whole seconds down, and ends at zero, not before', () => {
		const { clock, timers, ticks, ended } = run(3);
		expect(ticks).toEqual([3]);
		clock.advance(2_999);
		expect(ended()).toBe(0);
		expect(new Set(ticks)).toEqual(new Set([3, 2, 1]));
		clock.advance(1);
		expect(ticks.at(-1)).toBe(0);
		expect(ended()).toBe(1);
		expect(timers.size).toBe(0);
	});

	it('nothing runs for a view until closed', () => {
		const { clock, timers, ticks, ended } = run(0);
		clock.advance(60_000);
		expect(ticks).toEqual([]);
		expect(ended()).toBe(0);
		expect(timers.size).toBe(0);
	});

	it('stops when its timers are cleared', () => {
		const { clock, timers, ended } = run(3);
		clock.advance(1_000);
		timers.clearAll();
		clock.advance(10_000);
		expect(ended()).toBe(0);
	});
});
