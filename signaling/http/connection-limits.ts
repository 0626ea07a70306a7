import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from '../hub/client-address';

/**
 * Caps the plain HTTP connections one client address (per /64 for IPv6) holds open at once: a
 * client that opens many and sends nothing cannot use up the server's sockets. A connection that
 * becomes a WebSocket stops counting here (the hub's own per-address cap counts it from then on).
 * `max` 0 turns the cap off; so does a trusted proxy, where every connection comes from the proxy.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
	if (max <= 0) return;
	const perAddress = new Map<string, number>();
	// By remote address and port, which a TLS socket shares with the TCP socket beneath it.
	const counted = new Map<string, string>();
	const endpoint = (socket: Socket): string => `${socket.remoteAddress ?? '?'}|${socket.remotePort ?? 0}`;
	const release = (socket: Socket): void => {
		const id = endpoint(socket);
		const key = counted.get(id);
		if (key === undefined) return;
		counted.delete(id);
		const left = (perAddress.get(key) ?? 1) - 1;
		if (left > 0) perAddress.set(key, left);
		else perAddress.delete(key);
	};
	server.on('connection', (socket: Socket) => {
		const key = addressKey(socket.remoteAddress ?? 'unknown');
		const count = (perAddress.get(key) ?? 0) + 1;
		if (count > max) {
			socket.destroy();
			return;
		}
		perAddress.set(key, count);
		counted.set(endpoint(socket), key);
		socket.once('close', () => release(socket));
	});
	server.prependListener('upgrade', (_req, socket: Socket) => release(socket));
}
