import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { isPlainHost } from '../http/security-headers';
import { addressKey, clientAddress } from './client-address';

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface UpgradeGateOptions {
	path: string;
	/** Answer upgrades for other paths with 404, rather than leave them to another listener. */
	exclusiveUpgrades: boolean;
	allowedOrigins: ReadonlySet<string>;
	/** Whether this server answers to the Host header: no DNS-rebound names. */
	isAllowedHost: (host: string | undefined) => boolean;
	trustProxy: boolean;
	responseHeaders: (req: IncomingMessage) => Record<string, string>;
	/** Completes the WebSocket handshake of an upgrade that passed. */
	wss: WebSocketServer;
	/** Whether this address has so many sockets open that it is refused before the handshake. */
	isFlooding(address: string): boolean;
	isShuttingDown(): boolean;
	/** A new socket, with the `addressKey` its per-address limits count under. */
	onConnection(ws: WebSocket, address: string): void;
}

function pathOf(url: string | undefined): string {
	return (url ?? '/').split('?', 1)[0] ?? '/';
}

function onSocketError(): void {
	// Network errors before the upgrade completes need no action beyond not crashing.
}

/** Answers an upgrade request with a bodiless HTTP error; no input goes into the answer. */
export function rejectUpgrade(socket: Duplex, status: number, headers: Record<string, string>): void {
	if (!socket.writable) {
		socket.destroy();
		return;
	}
	const lines = [
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
		'Connection: close',
		'Content-Length: 0',
		...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
	];
	socket.once('finish', () => socket.destroy());
	socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}

/**
 * Same-origin pages, non-browser clients (no Origin header) and the allowed origins. Same
 * origin means the Origin's host and port equal the Host header's, compared as URL hosts so
 * that case and default ports do not matter.
 */
export function isAllowedOrigin(
	origin: string | undefined,
	host: string | undefined,
	allowedOrigins: ReadonlySet<string>
): boolean {
	if (origin === undefined) return true;
	if (allowedOrigins.has(origin)) return true;
	if (!isPlainHost(host)) return false;
	try {
		const url = new URL(origin);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
		return url.host === new URL(`${url.protocol}//${host}`).host;
	} catch {
		return false;
	}
}

/**
 * The checks on an HTTP `upgrade` before any WebSocket exists (the ws README way, with
 * `noServer`): path, shutdown, method, Host, Origin, and sockets per address. Refusals are plain HTTP
 * answers with the server's headers, as are the handshakes `ws` itself refuses.
 */
export function createUpgradeGate(options: UpgradeGateOptions): UpgradeListener {
	const { wss, responseHeaders } = options;
	// Handshakes `ws` refuses (bad key, version or subprotocol header) get the same headers.
	wss.on('wsClientError', (_error, socket, req) => rejectUpgrade(socket, 400, responseHeaders(req)));

	return (req, socket, head) => {
		if (pathOf(req.url) !== options.path) {
			if (options.exclusiveUpgrades) {
				socket.on('error', onSocketError);
				rejectUpgrade(socket, 404, responseHeaders(req));
			}
			return;
		}
		// Node removed its own error listener when it handed over the socket.
		socket.on('error', onSocketError);
		const refuse = (status: number): void => rejectUpgrade(socket, status, responseHeaders(req));
		if (options.isShuttingDown()) return refuse(503);
		if (req.method !== 'GET') return refuse(405);
		if (!options.isAllowedHost(req.headers.host)) return refuse(421);
		if (!isAllowedOrigin(req.headers.origin, req.headers.host, options.allowedOrigins)) return refuse(403);
		const address = addressKey(clientAddress(req, options.trustProxy));
		if (options.isFlooding(address)) return refuse(429);
		wss.handleUpgrade(req, socket, head, (ws) => {
			socket.off('error', onSocketError);
			options.onConnection(ws, address);
		});
	};
}
