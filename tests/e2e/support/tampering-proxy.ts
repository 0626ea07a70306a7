import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/**
 * A man in the middle for the tests: it serves the app from the real server and relays the
 * WebSocket, changing one character of every DTLS fingerprint in the signals it forwards.
 */
export async function startTamperingProxy(target: { url: string; port: number }, tamper = true) {
	let rewritten = 0;
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
			const flip = (text: string) =>
				tamper
					? text.replace(/(a=fingerprint:sha-256 )([0-9A-F])/g, (_m, p: string, c: string) => {
							rewritten++;
							return p + (c === 'A' ? 'B' : 'A');
						})
					: text;
			upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
			upstream.on('message', (data: RawData) => client.send(flip(data.toString())));
			client.on('message', (data: RawData) => {
				const text = flip(data.toString());
				if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
				else pending.push(text);
			});
			upstream.on('close', () => client.close());
			client.on('close', () => upstream.close());
			upstream.on('error', () => client.close());
			client.on('error', () => upstream.close());
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		rewritten: () => rewritten,
		close: async () => {
			for (const c of wss.clients) c.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	};
}
