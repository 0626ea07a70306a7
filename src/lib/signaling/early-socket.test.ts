import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEarlySocket, takeEarlySocket } from './early-socket';
import { SignalingClient } from './signaling-client';

/** Just what the early socket and the client touch of a browser WebSocket. */
class FakeSocket extends EventTarget {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSING = 2;
	static readonly CLOSED = 3;
	static made: FakeSocket[] = [];
	readonly url: string;
	readyState = FakeSocket.CONNECTING;
	sent: string[] = [];
	constructor(url: string) {
		super();
		this.url = new URL(url).href;
		FakeSocket.made.push(this);
	}
	open(): void {
		this.readyState = FakeSocket.OPEN;
		this.dispatchEvent(new Event('open'));
	}
	send(data: string): void {
		this.sent.push(data);
	}
	close(): void {
		this.readyState = FakeSocket.CLOSED;
	}
}

const URL_WS = 'ws://127.0.0.1:8080/ws';
const PAGE = { protocol: 'http:', host: '127.0.0.1:8080' };
const JOIN = { type: 'rename', name: 'Blue Fox' } as const;

function client(first: WebSocket | null) {
	return new SignalingClient(
		URL_WS,
		{ join: () => JOIN, onMessage: () => {}, onStatus: () => {}, onFatal: () => {} },
		first
	);
}

beforeEach(() => {
	FakeSocket.made = [];
	vi.useFakeTimers();
	vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
	takeEarlySocket(URL_WS);
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('the early socket', () => {
	it('is taken once, by a client of the same URL, which joins on it at once when open', () => {
		openEarlySocket(PAGE);
		openEarlySocket(PAGE);
		expect(FakeSocket.made).toHaveLength(1);
		FakeSocket.made[0]!.open();
		const first = takeEarlySocket(URL_WS);
		expect(first).toBe(FakeSocket.made[0]);
		expect(takeEarlySocket(URL_WS)).toBeNull();
		client(first);
		expect(FakeSocket.made).toHaveLength(1);
		expect(FakeSocket.made[0]!.sent.map((s) => JSON.parse(s))).toEqual([JOIN]);
	});

	it('still connecting: the client joins once it opens', () => {
		openEarlySocket(PAGE);
		client(takeEarlySocket(URL_WS));
		const ws = FakeSocket.made[0]!;
		expect(ws.sent).toEqual([]);
		ws.open();
		expect(ws.sent).toHaveLength(1);
	});

	it('is not handed to a client of another URL, nor once closed', () => {
		openEarlySocket(PAGE);
		expect(takeEarlySocket('ws://127.0.0.1:9999/ws')).toBeNull();
		expect(FakeSocket.made[0]!.readyState).toBe(FakeSocket.CLOSED);
		openEarlySocket(PAGE);
		FakeSocket.made[1]!.close();
		expect(takeEarlySocket(URL_WS)).toBeNull();
	});

	it('closes when no room takes it', () => {
		openEarlySocket(PAGE);
		vi.advanceTimersByTime(10_000);
		expect(FakeSocket.made[0]!.readyState).toBe(FakeSocket.CLOSED);
		expect(takeEarlySocket(URL_WS)).toBeNull();
	});
});
