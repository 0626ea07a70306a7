/**
 * Child process: the least a signaling relay can be. The same wire protocol, no validation, no
 * limits: join a room, hear who is there, forward signals by peer id.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { answerMemoryQueries, type RelayReady } from './relay-messages';

interface Peer {
	id: string;
	name: string;
	room: string;
	ws: WebSocket;
}

const peers = new Map<string, Peer>();
const rooms = new Map<string, Set<Peer>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, clientTracking: false });

function broadcast(room: Set<Peer>, except: Peer, message: string): void {
	for (const p of room) if (p !== except) p.ws.send(message);
}

wss.on('connection', (ws) => {
	let self: Peer | null = null;
	ws.on('error', () => undefined);
	ws.on('message', (data) => {
		const m = JSON.parse(String(data));
		if (m.type === 'signal' && self) {
			peers.get(m.to)?.ws.send(JSON.stringify({ type: 'signal', from: self.id, data: m.data }));
		} else if (m.type === 'join' && !self) {
			const key = JSON.stringify(m.room);
			const room = rooms.get(key) ?? new Set<Peer>();
			rooms.set(key, room);
			self = { id: m.peerId, name: m.name, room: key, ws };
			const others = [...room].map((p) => ({ id: p.id, name: p.name }));
			room.add(self);
			peers.set(self.id, self);
			ws.send(JSON.stringify({ type: 'peers', self: self.id, peers: others, iceServers: [], lanUrls: [] }));
			broadcast(room, self, JSON.stringify({ type: 'peer-joined', peer: { id: self.id, name: self.name } }));
		}
	});
	ws.on('close', () => {
		if (!self) return;
		peers.delete(self.id);
		const room = rooms.get(self.room);
		room?.delete(self);
		if (room?.size === 0) rooms.delete(self.room);
		else if (room) broadcast(room, self, JSON.stringify({ type: 'peer-left', id: self.id }));
	});
});

answerMemoryQueries();
wss.on('listening', () => {
	const { port } = wss.address() as AddressInfo;
	process.send?.({ type: 'ready', port } satisfies RelayReady);
});
// Nothing to save: the load generator has closed its sockets by then.
process.on('SIGTERM', () => process.exit(0));
