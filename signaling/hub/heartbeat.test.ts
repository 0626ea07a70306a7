import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat, type HeartbeatSocket, type IntervalTimers } from './heartbeat';

class FakeSocket extends EventEmitter implements HeartbeatSocket {
	readonly ping = vi.fn(() => {});
	readonly terminate = vi.fn(() => {});

	pong(): void {
		this.emit('pong');
	}
}

describe('Heartbeat', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('pings every interval and keeps a socket that answers', () => {
		const heartbeat = new Heartbeat({ intervalMs: 1000 });
		const socket = new FakeSocket();
		heartbeat.watch(socket);
		for (let tick = 1; tick <= 5; tick++) {
			vi.advanceTimersByTime(1000);
			expect(socket.ping).toHaveBeenCalledTimes(tick);
			socket.pong();
		}
		expect(socket.terminate).not.toHaveBeenCalled();
		heartbeat.stop();
	});

	it('terminates a socket that missed the previous ping, and reports it first', () => {
		const timedOut: HeartbeatSocket[] = [];
		const heartbeat = new Heartbeat({
			intervalMs: 30_000,
			onTimeout: (socket) => {
				expect(socket.terminate).not.toHaveBeenCalled();
				timedOut.push(socket);
			}
		});
		const silent = new FakeSocket();
		const answering = new FakeSocket();
		heartbeat.watch(silent);
		heartbeat.watch(answering);

		vi.advanceTimersByTime(29_999);
		expect(silent.ping).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(silent.ping).toHaveBeenCalledTimes(1);
		answering.pong();

		vi.advanceTimersByTime(30_000);
		expect(timedOut).toEqual([silent]);
		expect(silent.terminate).toHaveBeenCalledTimes(1);
		// A terminated socket is not pinged again.
		expect(silent.ping).toHaveBeenCalledTimes(1);
		expect(answering.terminate).not.toHaveBeenCalled();
		expect(answering.ping).toHaveBeenCalledTimes(2);
		heartbeat.stop();
	});

	it('leaves a forgotten socket alone, even if it pongs later', () => {
		const heartbeat = new Heartbeat({ intervalMs: 1000 });
		const socket = new FakeSocket();
		heartbeat.watch(socket);
		vi.advanceTimersByTime(1000);
		heartbeat.forget(socket);
		socket.pong();
		vi.advanceTimersByTime(5000);
		expect(socket.ping).toHaveBeenCalledTimes(1);
		expect(socket.terminate).not.toHaveBeenCalled();
		heartbeat.stop();
	});

	it('stops ticking once stopped', () => {
		const heartbeat = new Heartbeat({ intervalMs: 1000 });
		const socket = new FakeSocket();
		heartbeat.watch(socket);
		heartbeat.stop();
		vi.advanceTimersByTime(10_000);
		expect(socket.ping).not.toHaveBeenCalled();
		expect(vi.getTimerCount()).toBe(0);
	});

	it('runs on injected timers', () => {
		const ticks: (() => void)[] = [];
		const tick = (): void => ticks.forEach((callback) => callback());
		const timers: IntervalTimers = {
			setInterval: (callback, ms) => {
				expect(ms).toBe(250);
				ticks.push(callback);
				return 'handle';
			},
			clearInterval: vi.fn()
		};
		const heartbeat = new Heartbeat({ intervalMs: 250, timers });
		const socket = new FakeSocket();
		heartbeat.watch(socket);
		expect(vi.getTimerCount()).toBe(0);
		tick();
		tick();
		expect(socket.ping).toHaveBeenCalledTimes(1);
		expect(socket.terminate).toHaveBeenCalledTimes(1);
		heartbeat.stop();
		expect(timers.clearInterval).toHaveBeenCalledWith('handle');
	});
});
