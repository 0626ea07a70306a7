import { CloseCode, FINAL_CLOSE_CODES } from '../protocol/close-codes';
import { isFatalError, type ErrorCode } from '../protocol/error-codes';
import {
	encodeMessage,
	parseServerMessage,
	type ClientMessage,
	type ServerMessage
} from '../protocol/signaling-messages';

export type SignalingStatus = 'connecting' | 'online' | 'reconnecting' | 'closed';

export interface SignalingHandlers {
	/** Builds the join message sent on every (re)connect. */
	join: () => ClientMessage;
	onMessage: (m: ServerMessage) => void;
	onStatus: (s: SignalingStatus) => void;
	/** An error after which reconnecting would not help (room full, no such room...). */
	onFatal: (code: ErrorCode | 'closed') => void;
}

/** The signaling server's WebSocket URL: the page's own host, `/ws`. */
export function signalingUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}/ws`;
}

/**
 * A WebSocket to the signaling server that rejoins with backoff after the server goes away.
 * Peer connections already open do not depend on it.
 */
export class SignalingClient {
	#url: string;
	#h: SignalingHandlers;
	#ws: WebSocket | null = null;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;
	#fatal = false;
	/** A socket to `url` opened before this client (see `early-socket.ts`), for its first connect. */
	#first: WebSocket | null;

	constructor(url: string, handlers: SignalingHandlers, firstSocket: WebSocket | null = null) {
		this.#url = url;
		this.#h = handlers;
		this.#first = firstSocket;
		this.#connect();
	}

	#connect(): void {
		if (this.#stopped) return;
		this.#h.onStatus(this.#attempt === 0 ? 'connecting' : 'reconnecting');
		const ws = this.#first ?? new WebSocket(this.#url);
		this.#first = null;
		this.#ws = ws;
		const join = () => {
			this.#attempt = 0;
			ws.send(encodeMessage(this.#h.join()));
		};
		// A socket opened early may be open already: its join goes out at once.
		if (ws.readyState === WebSocket.OPEN) join();
		else ws.addEventListener('open', join);
		ws.addEventListener('message', (e: MessageEvent<unknown>) => {
			if (typeof e.data !== 'string') return;
			const m = parseServerMessage(e.data);
			if (!m) return;
			if (m.type === 'peers') this.#h.onStatus('online');
			if (m.type === 'error' && isFatalError(m.code)) {
				this.#fatal = true;
				this.#h.onFatal(m.code);
			}
			this.#h.onMessage(m);
		});
		ws.addEventListener('close', (e) => {
			if (this.#ws !== ws) return;
			this.#ws = null;
			if (this.#stopped) return;
			if (this.#fatal || FINAL_CLOSE_CODES.has(e.code)) {
				if (!this.#fatal) this.#h.onFatal('closed');
				this.#stopped = true;
				this.#h.onStatus('closed');
				return;
			}
			// Rate-limited: come back slowly rather than knock again at once.
			if (e.code === CloseCode.rateLimited) this.#attempt = Math.max(this.#attempt, 4);
			this.#scheduleReconnect();
		});
	}

	#scheduleReconnect(): void {
		this.#h.onStatus('reconnecting');
		const base = Math.min(10_000, 500 * 2 ** this.#attempt);
		this.#attempt++;
		const delay = base / 2 + Math.random() * (base / 2);
		this.#timer = setTimeout(() => this.#connect(), delay);
	}

	send(m: ClientMessage): boolean {
		if (this.#ws?.readyState !== WebSocket.OPEN) return false;
		this.#ws.send(encodeMessage(m));
		return true;
	}

	rejoin(): void {
		this.send(this.#h.join());
	}

	close(): void {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#ws?.close(CloseCode.normal);
		this.#ws = null;
	}
}
