import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeEarlySocket, type EarlySocketSlot } from './early-socket';
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
const ROOM_PAGE = { protocol: 'http:', host: '127.0.0.1:8080', pathname: '/r/abc' };

/** The page's inline script that opens the socket, as src/app.html has it. */
const OPENER = /<script>([\s\S]*?)<\/script>/.exec(
	readFileSync(new URL('../../app.html', import.meta.url), 'utf8')
)![1]!;

let page: EarlySocketSlot = {};

/** Runs the inline script as a page at `location` would, with the fake socket and timers. */
function loadPage(location: Pick<Location, 'protocol' | 'host' | 'pathname'> = ROOM_PAGE): void {
	new Function('window', 'location', 'WebSocket', 'setTimeout', OPENER)(
		page,
		location,
		FakeSocket,
		globalThis.setTimeout
	);
}

function take(url = URL_WS): WebSocket | null {
	return takeEarlySocket(url, page);
}
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
	page = {};
	vi.useFakeTimers();
	vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('the early socket', () => {
	it('is taken once, by a client of the same URL, which joins on it at once when open', () => {
		loadPage();
		expect(FakeSocket.made).toHaveLength(1);
		expect(FakeSocket.made[0]!.url).toBe(URL_WS);
		FakeSocket.made[0]!.open();
		const first = take();
		expect(first).toBe(FakeSocket.made[0]);
		expect(take()).toBeNull();
		client(first);
		expect(FakeSocket.made).toHaveLength(1);
		expect(FakeSocket.made[0]!.sent.map((s) => JSON.parse(s))).toEqual([JOIN]);
	});

	it('still connecting: the client joins once it opens', () => {
		loadPage();
		client(take());
		const ws = FakeSocket.made[0]!;
		expect(ws.sent).toEqual([]);
		ws.open();
		expect(ws.sent).toHaveLength(1);
	});

	it('is not handed to a client of another URL, nor once closed', () => {
		loadPage();
		expect(take('ws://127.0.0.1:9999/ws')).toBeNull();
		expect(FakeSocket.made[0]!.readyState).toBe(FakeSocket.CLOSED);
		loadPage();
		FakeSocket.made[1]!.close();
		expect(take()).toBeNull();
	});

	it('closes when no room takes it', () => {
		loadPage();
		vi.advanceTimersByTime(10_000);
		expect(FakeSocket.made[0]!.readyState).toBe(FakeSocket.CLOSED);
		expect(take()).toBeNull();
	});

	it('stays open once taken, past the time limit', () => {
		loadPage();
		const ws = take();
		vi.advanceTimersByTime(10_000);
		expect(ws?.readyState).toBe(FakeSocket.CONNECTING);
	});

	it('is opened on a room page only, over TLS where the page is', () => {
		for (const pathname of ['/', '/c', '/share', '/r/abc/x']) loadPage({ ...ROOM_PAGE, pathname });
		expect(FakeSocket.made).toHaveLength(0);
		for (const base of ['/r', '/n', '/p']) loadPage({ ...ROOM_PAGE, pathname: `${base}/abc` });
		expect(FakeSocket.made).toHaveLength(3);
		loadPage({ ...ROOM_PAGE, protocol: 'https:' });
		expect(FakeSocket.made[3]!.url).toBe('wss://127.0.0.1:8080/ws');
	});
});
