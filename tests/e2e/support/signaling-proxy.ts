import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** One browser's WebSocket through the proxy. */
export interface ProxiedSocket {
	/** The peer id from the browser's last `join`, once it sent one. */
	peerId: string | null;
	/** Says something to the browser, as if the server had. */
	toBrowser(text: string): void;
}

export interface ProxyHooks {
	/** A frame from a browser: what to pass on to the server instead, or null to swallow it. */
	fromBrowser?(socket: ProxiedSocket, text: string): string | null;
}

/**
 * A server in the middle for the tests: it serves the app from the real server and relays each
 * browser's WebSocket to it, letting a hook read, change or swallow what browsers send.
 */
export async function startSignalingProxy(target: { port: number }, hooks: ProxyHooks = {}) {
	const sockets = new Set<ProxiedSocket>();
	const server = http.createServer((req, res) => {
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: target.port,
				path: req.url,
				method: req.method,
				headers: { ...req.headers, host: `127.0.0.1:${target.port}` }
			},
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (client) => {
			const upstream = new WebSocket(`ws://127.0.0.1:${target.port}/ws`);
			const pending: string[] = [];
			const proxied: ProxiedSocket = { peerId: null, toBrowser: (text) => client.send(text) };
			sockets.add(proxied);
			upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
			upstream.on('message', (data: RawData) => client.send(data.toString()));
			client.on('message', (data: RawData) => {
				const text = data.toString();
				const join = /"type":"join".*"peerId":"([A-Za-z0-9_-]{22})"/.exec(text);
				if (join) proxied.peerId = join[1]!;
				const passed = hooks.fromBrowser ? hooks.fromBrowser(proxied, text) : text;
				if (passed === null) return;
				if (upstream.readyState === WebSocket.OPEN) upstream.send(passed);
				else pending.push(passed);
			});
			upstream.on('close', () => client.close());
			client.on('close', () => {
				sockets.delete(proxied);
				upstream.close();
			});
			upstream.on('error', () => client.close());
			client.on('error', () => upstream.close());
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		/** The browser that joined as `peerId`. */
		socketOf: (peerId: string) => [...sockets].find((s) => s.peerId === peerId) ?? null,
		close: async () => {
			for (const c of wss.clients) c.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	};
}
