/**
 * Child process: thousands of `ws` clients in rooms of five, speaking the app's protocol. The
 * bench drives it phase by phase over IPC: connect, a steady signal rate (relay latency), a
 * saturating closed loop (relay throughput), close. Signals carry their send time, so latency
 * is measured on one clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../../src/lib/protocol/protocol-version';
import { percentile } from '../support/stats';
import type {
	ClosedResult,
	ConnectResult,
	GeneratorCommand,
	GeneratorConfig,
	SaturateResult,
	SteadyResult
} from './relay-messages';

const config = JSON.parse(process.argv[2] ?? '{}') as GeneratorConfig;
const token = () => randomBytes(16).toString('base64url');
const JOIN_TIMEOUT_MS = 30_000;
const DRAIN_MS = 5_000;

/** Shaped like a sealed ICE candidate from the app (what most signals are), about 350 bytes. */
function signalData(ts: number, seq: number) {
	return {
		v: 1,
		link: 'Lk3bench0000000000000A',
		seq,
		role: 'initiator',
		signal: {
			type: 'candidate',
			candidate: {
				candidate:
					'candidate:842163049 1 udp 1677729535 10.213.0.1 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag Ab3d network-cost 999',
				sdpMLineIndex: 0,
				sdpMid: '0'
			}
		},
		mac: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c',
		ts
	};
}

/** A private room as the app makes one: the id is the hash of the join key its members prove. */
function privateRoom(): { id: string; proof: string } {
	const joinKey = randomBytes(32);
	return {
		id: createHash('sha256').update(joinKey).digest('base64url').slice(0, 22),
		proof: joinKey.toString('base64url')
	};
}

interface Client {
	id: string;
	name: string;
	url: string;
	room: { id: string; proof: string };
	mates: Client[];
	nextMate: number;
	ws: WebSocket | null;
}

const clients: Client[] = [];
const byId = new Map<string, Client>();
for (let r = 0; r * config.roomSize < config.clients; r++) {
	const room = privateRoom();
	const members: Client[] = [];
	for (let k = 0; k < config.roomSize && clients.length < config.clients; k++) {
		const url = config.urls[k % config.urls.length]!;
		// Names are unique in a room: the server refuses look-alikes.
		const name = `Bench ${k + 1}`;
		const c: Client = { id: token().slice(0, 22), name, url, room, mates: [], nextMate: 0, ws: null };
		members.push(c);
		clients.push(c);
		byId.set(c.id, c);
	}
	for (const c of members) c.mates = members.filter((m) => m !== c);
}

type Mode = 'idle' | 'steady' | 'saturate';
let mode: Mode = 'idle';
let sent = 0;
let received = 0;
let seq = 0;
let dropped = 0;
let lastReceivedAt = 0;
let latencies: number[] = [];

function sendSignal(from: Client): void {
	const ws = from.ws;
	if (!ws || ws.readyState !== WebSocket.OPEN || from.mates.length === 0) return;
	const to = from.mates[from.nextMate++ % from.mates.length]!;
	ws.send(JSON.stringify({ type: 'signal', to: to.id, data: signalData(performance.now(), seq++) }));
	sent++;
}

function onSignal(fromId: string, data: { ts: number }): void {
	const now = performance.now();
	received++;
	lastReceivedAt = now;
	if (mode === 'steady') latencies.push(now - data.ts);
	else if (mode === 'saturate') {
		// A closed loop: each delivery lets its sender send the next one.
		const from = byId.get(fromId);
		if (from) sendSignal(from);
	}
}

function connectOne(c: Client): Promise<void> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${c.url}/ws`, { perMessageDeflate: false });
		const timer = setTimeout(() => reject(new Error('join timed out')), JOIN_TIMEOUT_MS);
		let joined = false;
		ws.on('open', () => {
			ws.send(
				JSON.stringify({
					type: 'join',
					room: { kind: 'private', id: c.room.id },
					proof: c.room.proof,
					create: false,
					peerId: c.id,
					resumeToken: token(),
					name: c.name,
					v: PROTOCOL_VERSION
				})
			);
		});
		ws.on('message', (raw) => {
			const m = JSON.parse(String(raw)) as { type: string; from?: string; data?: { ts: number } };
			if (m.type === 'signal' && m.from && m.data) onSignal(m.from, m.data);
			else if (m.type === 'peers' && !joined) {
				joined = true;
				clearTimeout(timer);
				c.ws = ws;
				resolve();
			}
		});
		ws.on('error', () => undefined);
		ws.on('close', () => {
			clearTimeout(timer);
			if (joined) dropped++;
			else reject(new Error('closed before joining'));
			c.ws = null;
		});
	});
}

async function connectAll(): Promise<ConnectResult> {
	const t0 = performance.now();
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < clients.length) {
			const c = clients[next++]!;
			await connectOne(c).catch(() => failed++);
		}
	};
	await Promise.all(Array.from({ length: config.connectConcurrency }, worker));
	const connected = clients.filter((c) => c.ws).length;
	return { type: 'connected', connected, failed, ms: performance.now() - t0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drain(): Promise<void> {
	const until = performance.now() + DRAIN_MS;
	while (received < sent && performance.now() < until) await sleep(20);
}

function resetCounters(): void {
	sent = 0;
	received = 0;
	dropped = 0;
	latencies = [];
}

async function steady(perClientPerSecond: number, durationMs: number): Promise<SteadyResult> {
	resetCounters();
	mode = 'steady';
	const t0 = performance.now();
	let cursor = 0;
	// Every 10 ms, whatever the schedule owes by now, round-robin over the clients.
	const ticker = setInterval(() => {
		const due = Math.floor(((performance.now() - t0) / 1000) * perClientPerSecond * clients.length);
		for (let n = due - sent; n > 0 && sent < due; n--) sendSignal(clients[cursor++ % clients.length]!);
	}, 10);
	await sleep(durationMs);
	clearInterval(ticker);
	await drain();
	mode = 'idle';
	return {
		type: 'steady-done',
		sent,
		received,
		ms: lastReceivedAt - t0,
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		max: latencies.reduce((a, b) => Math.max(a, b), 0),
		dropped
	};
}

async function saturate(durationMs: number): Promise<SaturateResult> {
	resetCounters();
	mode = 'saturate';
	const t0 = performance.now();
	for (const c of clients) sendSignal(c);
	await sleep(durationMs);
	const count = received;
	const ms = performance.now() - t0;
	mode = 'idle';
	await drain();
	return { type: 'saturate-done', received: count, ms, dropped };
}

async function closeAll(): Promise<ClosedResult> {
	const open = clients.filter((c) => c.ws).length;
	for (const c of clients) c.ws?.close();
	const until = performance.now() + 10_000;
	while (clients.some((c) => c.ws) && performance.now() < until) await sleep(20);
	for (const c of clients) c.ws?.terminate();
	return { type: 'closed', open };
}

async function handle(cmd: GeneratorCommand) {
	switch (cmd.type) {
		case 'connect':
			return connectAll();
		case 'steady':
			return steady(cmd.perClientPerSecond, cmd.durationMs);
		case 'saturate':
			return saturate(cmd.durationMs);
		case 'close':
			return closeAll();
	}
}

process.on('message', (cmd: GeneratorCommand) => {
	handle(cmd).then(
		(result) => process.send?.(result),
		(e: unknown) => process.send?.({ type: 'error', message: String(e) })
	);
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: 0 });
