import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/**
 * A signal frame with one character of its sealed box changed (never back to itself), as a
 * server would have to change it to swap the DTLS fingerprint inside; other frames as they are.
 */
function alterSealedSignal(text: string): string | null {
	let frame: unknown;
	try {
		frame = JSON.parse(text);
	} catch {
		return null;
	}
	const f = frame as { type?: unknown; data?: { box?: unknown } };
	if (f.type !== 'signal' || typeof f.data?.box !== 'string') return null;
	const box = f.data.box;
	const at = Math.floor(box.length / 2);
	f.data.box = box.slice(0, at) + (box[at] === 'A' ? 'B' : 'A') + box.slice(at + 1);
	return JSON.stringify(f);
}

/**
 * A man in the middle for the tests: it serves the app from the real server and relays the
 * WebSocket. With `tamper`, it alters every signal a browser sends, once, on its way in to the
 * server. It also counts the frames in which it could have found a DTLS fingerprint to swap.
 */
export async function startTamperingProxy(target: { url: string; port: number }, tamper = true) {
	let rewritten = 0;
	let fingerprintsSeen = 0;
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
			const inbound = (text: string) => {
				if (text.includes('a=fingerprint')) fingerprintsSeen++;
				const altered = tamper ? alterSealedSignal(text) : null;
				if (altered) rewritten++;
				return altered ?? text;
			};
			upstream.on('open', () => pending.splice(0).forEach((m) => upstream.send(m)));
			upstream.on('message', (data: RawData) => client.send(data.toString()));
			client.on('message', (data: RawData) => {
				const text = inbound(data.toString());
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
		fingerprintsSeen: () => fingerprintsSeen,
		close: async () => {
			for (const c of wss.clients) c.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	};
}
