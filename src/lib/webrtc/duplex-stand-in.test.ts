import { describe, expect, it, vi } from 'vitest';
import { Duplex, EventEmitter } from './duplex-stand-in';

describe('the EventEmitter simple-peer gets', () => {
	it('calls listeners in order, once listeners once, and forgets removed ones', () => {
		const e = new EventEmitter();
		const calls: string[] = [];
		const second = () => calls.push('second');
		e.on('x', (v) => calls.push(`first ${String(v)}`));
		e.on('x', second);
		e.once('x', () => calls.push('once'));
		expect(e.emit('x', 1)).toBe(true);
		e.removeListener('x', second);
		e.emit('x', 2);
		expect(calls).toEqual(['first 1', 'second', 'once', 'first 2']);
		expect(e.listenerCount('x')).toBe(1);
	});

	it('removes a once listener by the function it was given', () => {
		const e = new EventEmitter();
		const f = vi.fn();
		e.once('finish', f);
		e.removeListener('finish', f);
		expect(e.emit('finish')).toBe(false);
		expect(f).not.toHaveBeenCalled();
	});

	it('throws an error nobody listens for, as Node does', () => {
		const e = new EventEmitter();
		expect(() => e.emit('error', new Error('boom'))).toThrow('boom');
		e.on('error', () => undefined);
		expect(() => e.emit('error', new Error('boom'))).not.toThrow();
	});

	it('removeAllListeners empties one event or all', () => {
		const e = new EventEmitter();
		e.on('a', () => undefined).on('b', () => undefined);
		e.removeAllListeners('a');
		expect([e.listenerCount('a'), e.listenerCount('b')]).toEqual([0, 1]);
		e.removeAllListeners();
		expect(e.listenerCount('b')).toBe(0);
	});
});

describe('the Duplex outline', () => {
	it('ends its readable side on push(null) and its writable side on end(), once', () => {
		const d = new Duplex({ allowHalfOpen: false });
		const data = vi.fn();
		const finish = vi.fn();
		d.on('data', data).on('finish', finish);
		d.push('a');
		d.push(null);
		d.push('late');
		d.end();
		d.end();
		expect(data.mock.calls).toEqual([['a']]);
		expect(d._readableState.ended).toBe(true);
		expect(d._writableState.finished).toBe(true);
		expect(finish).toHaveBeenCalledTimes(1);
		expect(d.write('after end')).toBe(false);
	});

	it("hands writes to the subclass's _write", () => {
		const written: unknown[] = [];
		class Sink extends Duplex {
			override _write(chunk: unknown, _enc: string, cb: (e?: Error | null) => void): void {
				written.push(chunk);
				cb(null);
			}
		}
		const done = vi.fn();
		new Sink().write('x', done);
		expect(written).toEqual(['x']);
		expect(done).toHaveBeenCalledWith(null);
	});
});
