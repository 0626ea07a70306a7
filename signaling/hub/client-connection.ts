import { WebSocket } from 'ws';
import { CloseCode } from '#protocol/close-codes';
import { closeCodeFor, type ErrorCode } from '#protocol/error-codes';
import type { NearbyServerMessage } from '#protocol/nearby-messages';
import type { ServerMessage } from '#protocol/signaling-messages';
import type { Logger } from '../logger';
import type { Member } from '../rooms/membership';
import { TokenBucket, type RateLimit } from './token-bucket';

// Fixed texts: the server never echoes input back.
const ERROR_TEXT: Record<ErrorCode, string> = {
	'bad-message': 'Malformed or unknown message.',
	'bad-room': 'Invalid room.',
	'bad-name': 'Invalid name.',
	'bad-proof': 'This private room needs the proof from its link.',
	'other-version': 'This page is of another version: reload it.',
	'room-full': 'This room is full.',
	'no-such-room': 'No room with this code.',
	'room-exists': 'This code is already in use.',
	'id-taken': 'This peer id is already in the room.',
	'name-taken': 'Someone in this room already has that name, or one like it.',
	'not-joined': 'Join a room first.',
	'already-joined': 'This connection already joined a room.',
	'unknown-peer': 'That peer is not in this room.',
	'rate-limited': 'Too many requests. Wait a moment and try again.',
	'too-many-rooms': 'The server has too many rooms right now.',
	'too-many-connections': 'Too many connections from this address.',
	'code-closed': 'This code was closed after too many failed exchanges.',
	'no-nameplate': 'No free code right now.'
};

const CLOSE_REASON = 'protocol-error';

/** How long a client the server closes may take to answer the close (ws waits 30 s). */
const CLOSE_GRACE_MS = 2000;

export interface ClientConnectionOptions {
	/** A number for the log: the only way a connection is named there. */
	seq: number;
	ws: WebSocket;
	/** `addressKey` of the client's address. */
	ip: string;
	/** The connection's message budget. */
	rateLimit: RateLimit;
	/** A recipient that lets more than this many bytes queue up is terminated. */
	maxBufferedBytes: number;
	log: Logger;
}

/**
 * One WebSocket client: its room membership, its message budget, the queue that runs its
 * messages one after another, and the ways the server talks to it and closes it.
 */
export class ClientConnection {
	readonly seq: number;
	readonly ws: WebSocket;
	/** `addressKey` of the client's address: what per-address limits count under. */
	readonly ip: string;
	member: Member<ClientConnection> | null = null;
	readonly #bucket: TokenBucket;
	readonly #maxBufferedBytes: number;
	readonly #log: Logger;
	/** Set once the server decided to close it: later frames are ignored. */
	#closing = false;
	/** Cuts off a client that does not complete the closing handshake. */
	#closeTimer: ReturnType<typeof setTimeout> | null = null;
	/** The client's messages run one after another, each after the previous one's backend work. */
	#queue: Promise<void> = Promise.resolve();

	constructor(options: ClientConnectionOptions) {
		this.seq = options.seq;
		this.ws = options.ws;
		this.ip = options.ip;
		this.#bucket = new TokenBucket(options.rateLimit);
		this.#maxBufferedBytes = options.maxBufferedBytes;
		this.#log = options.log;
		this.ws.on('error', (error: Error & { code?: string }) => {
			this.#log('conn.error', { conn: this.seq, code: error.code ?? 'unknown' });
		});
	}

	get closing(): boolean {
		return this.#closing;
	}

	/** Takes one message from the client's budget; false when it is spent. */
	takeToken(): boolean {
		return this.#bucket.take();
	}

	send(message: ServerMessage | NearbyServerMessage): void {
		const { ws } = this;
		if (ws.readyState !== WebSocket.OPEN) return;
		// A peer that does not read must not make the server buffer without bound.
		if (ws.bufferedAmount > this.#maxBufferedBytes) {
			this.#log('conn.slow', { conn: this.seq });
			ws.terminate();
			return;
		}
		ws.send(JSON.stringify(message));
	}

	sendError(code: ErrorCode): void {
		this.send({ type: 'error', code, message: ERROR_TEXT[code] });
	}

	/**
	 * A typed error, then the close the protocol decides for it (`closeCodeFor`): what a client
	 * that breaks the rules gets. `limit` names the budget, for the log.
	 */
	fail(code: ErrorCode, limit?: string): void {
		if (this.#closing) return;
		const closeCode = closeCodeFor(code);
		this.#log('reject', { conn: this.seq, code, close: closeCode ?? 'none', ...(limit ? { limit } : {}) });
		this.sendError(code);
		if (closeCode !== null) this.close(closeCode, code === 'bad-message' ? CLOSE_REASON : code);
	}

	close(code: number, reason: string): void {
		this.#closing = true;
		this.ws.close(code, reason);
		this.#closeTimer ??= setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
	}

	/** The socket closed: the grace timer has nothing left to cut off. */
	closed(): void {
		if (this.#closeTimer) clearTimeout(this.#closeTimer);
	}

	/**
	 * Runs `task` after the client's earlier messages. One that throws is a server bug (or Redis
	 * gone): this client is closed with 1011, nobody else.
	 */
	enqueue(task: () => Promise<void>): void {
		this.#queue = this.#queue.then(task).catch((error: unknown) => this.#onInternalError(error));
	}

	/** Runs `task` once everything queued so far is done, such as a join still under way. */
	afterQueue(task: () => Promise<void>): Promise<void> {
		return this.#queue.then(task);
	}

	#onInternalError(error: unknown): void {
		// The error's message could quote input, so only its class is logged.
		this.#log('conn.internal-error', {
			conn: this.seq,
			error: error instanceof Error ? error.name : typeof error
		});
		this.close(CloseCode.internalError, 'internal-error');
	}
}
