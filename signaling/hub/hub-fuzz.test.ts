import { roomIdOfJoinKey } from '#crypto/room-keys';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
	MAX_FRAME_BYTES,
	PUBLIC_CODE_ALPHABET,
	parseServerMessage,
	type ClientMessage,
	type RoomRef
} from '#protocol/signaling-messages';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { TestClient, eventually, joinMessage, privateRoom } from '../../tests/support/test-client';
import { httpUrl, wsUrl, type TestServer } from '../../tests/support/test-server';

/** Set FUZZ_SEED to replay a failed run; the seed is in the test's name. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 32);
const FRAMES = 10_000;
const SOCKETS = 50;
/** The fuzzing stops here even if not all frames went out, so a slow machine cannot hang CI. */
const TIME_BUDGET_MS = 40_000;
/** A loaded machine sends fewer frames in the budget; below this the run proved too little. */
const MIN_FRAMES = 2_000;

/** mulberry32: small, fast and good enough to pick frames reproducibly. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

interface Frame {
	data: string | Buffer;
	binary: boolean;
}

interface Identity {
	room: RoomRef;
	peerId: string;
	resumeToken: string;
}

/** Builds random and mutated frames; all randomness comes from one seeded generator. */
class FrameFactory {
	readonly #random: () => number;
	/** Rooms and codes the fuzz sockets share, so they meet, relay and resume. */
	readonly #privateRooms: RoomRef[];
	/** Each private room's join proof, by room id: mostly sent, sometimes left out or wrong. */
	readonly #proofs = new Map<string, string>();
	readonly #publicCodes: string[];
	/** Peer ids and identities fuzz sockets joined with, newest last, bounded. */
	readonly peerIds: string[] = [];
	readonly identities: Identity[] = [];

	constructor(random: () => number) {
		this.#random = random;
		this.#privateRooms = Array.from({ length: 8 }, () => {
			const joinKey = this.bytes(32);
			const id = roomIdOfJoinKey(joinKey);
			this.#proofs.set(id, joinKey.toString('base64url'));
			return { kind: 'private', id };
		});
		this.#publicCodes = Array.from({ length: 8 }, () => this.code());
	}

	int(below: number): number {
		return Math.floor(this.#random() * below);
	}

	chance(p: number): boolean {
		return this.#random() < p;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[this.int(items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}

	/** The shape of a peer id, private room id or resume token. */
	id(length = 22): string {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
		let text = '';
		for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
		return text;
	}

	code(): string {
		let text = '';
		for (let i = 0; i < 6; i++) text += PUBLIC_CODE_ALPHABET[this.int(PUBLIC_CODE_ALPHABET.length)];
		return text;
	}

	bytes(length: number): Buffer {
		const buffer = Buffer.alloc(length);
		for (let i = 0; i < length; i++) buffer[i] = this.int(256);
		return buffer;
	}

	text(length: number): string {
		let text = '';
		for (let i = 0; i < length; i++) {
			text += this.chance(0.9)
				? String.fromCharCode(32 + this.int(95))
				: String.fromCharCode(this.pick([0, 0x202e, 0xfeff, 0xd800, 0x1f600, 0x2028, this.int(0xffff)]));
		}
		return text;
	}

	number(): number {
		return this.pick([0, -0, 1, -1, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE, 0.1, this.int(1e9)]);
	}

	/** A random JSON value, nesting up to `depth`. */
	value(depth: number): unknown {
		const kind = depth <= 0 ? this.int(5) : this.int(7);
		switch (kind) {
			case 0:
				return null;
			case 1:
				return this.chance(0.5);
			case 2:
				return this.number();
			case 3:
				return this.text(this.int(20));
			case 4:
				return this.pick(['join', 'signal', 'rename', 'private', 'public', '__proto__', this.id()]);
			case 5:
				return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
			default: {
				const object: Record<string, unknown> = {};
				for (let i = this.int(4); i > 0; i--) {
					const key = this.pick([
						'type',
						'to',
						'data',
						'name',
						'room',
						'__proto__',
						'constructor',
						this.text(5)
					]);
					// Plain assignment to "__proto__" would set the prototype, not a key.
					Object.defineProperty(object, key, {
						value: this.value(depth - 1),
						enumerable: true,
						writable: true,
						configurable: true
					});
				}
				return object;
			}
		}
	}

	room(): RoomRef {
		return this.chance(0.5)
			? this.pick(this.#privateRooms)
			: { kind: 'public', code: this.chance(0.7) ? this.pick(this.#publicCodes) : this.code() };
	}

	knownPeer(): string {
		return this.peerIds.length > 0 && this.chance(0.7) ? this.pick(this.peerIds) : this.id();
	}

	/** The room's proof, or now and then none or another room's. */
	proof(room: RoomRef): string | null {
		if (room.kind !== 'private' || this.chance(0.1)) return null;
		return this.chance(0.05) ? this.bytes(32).toString('base64url') : (this.#proofs.get(room.id) ?? null);
	}

	join(): ClientMessage {
		if (this.identities.length > 0 && this.chance(0.2)) {
			// Resume an identity another fuzz socket may still hold.
			const identity = this.pick(this.identities);
			const proof = this.proof(identity.room);
			return joinMessage(identity.room, { ...identity, create: this.chance(0.5), proof });
		}
		const room = this.room();
		const join = joinMessage(room, { create: this.chance(0.5), peerId: this.id(), proof: this.proof(room) });
		this.identities.push({ room: join.room, peerId: join.peerId, resumeToken: join.resumeToken });
		this.peerIds.push(join.peerId);
		if (this.identities.length > 100) this.identities.shift();
		if (this.peerIds.length > 100) this.peerIds.shift();
		return join;
	}

	/** A valid message, as a live client would send it. */
	message(): ClientMessage {
		const roll = this.int(100);
		if (roll < 10) return this.join();
		if (roll < 25) return { type: 'rename', name: this.pick(['Fuzz', 'Zoë', 'A b-c', 'x'.repeat(40)]) };
		return { type: 'signal', to: this.knownPeer(), data: this.value(this.int(6)) };
	}

	mutate(text: string): string {
		let out = text;
		for (let n = 1 + this.int(4); n > 0; n--) {
			const at = this.int(out.length + 1);
			switch (this.int(4)) {
				case 0:
					out = out.slice(0, at) + out.slice(at + 1 + this.int(5));
					break;
				case 1:
					out =
						out.slice(0, at) +
						this.pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', 'null', '1e999']) +
						out.slice(at);
					break;
				case 2:
					out = out.slice(0, at) + this.text(1) + out.slice(at + 1);
					break;
				default:
					out = out.slice(0, at) + out.slice(this.int(out.length)) + out.slice(at);
			}
		}
		return out;
	}

	/** A message with one field replaced by a value of a random type. */
	wrongTypes(): string {
		const message = this.message() as unknown as Record<string, unknown>;
		const keys = Object.keys(message);
		message[this.pick(keys)] = this.value(2);
		if (this.chance(0.3) && typeof message.room === 'object' && message.room !== null) {
			(message.room as Record<string, unknown>)[this.pick(['kind', 'id', 'code'])] = this.value(1);
		}
		return JSON.stringify(message);
	}

	deep(): string {
		const depth = this.chance(0.5) ? 20 + this.int(40) : 1000 + this.int(20_000);
		const [open, close] = this.pick([
			['[', ']'],
			['{"a":', '}'],
			['{"data":[', ']}']
		]);
		const body = open.repeat(depth) + '1' + (this.chance(0.9) ? close.repeat(depth) : '');
		return this.chance(0.6) ? `{"type":"signal","to":"${this.knownPeer()}","data":${body}}` : body;
	}

	/** Any frame, mostly broken ones. */
	frame(): Frame {
		const roll = this.int(100);
		if (roll < 35) return { data: JSON.stringify(this.message()), binary: false };
		if (roll < 45) return { data: this.mutate(JSON.stringify(this.message())), binary: false };
		if (roll < 50) {
			const text = JSON.stringify(this.message());
			return { data: text.slice(0, this.int(text.length)), binary: false };
		}
		if (roll < 58) return { data: this.wrongTypes(), binary: false };
		if (roll < 63) return { data: this.deep(), binary: false };
		if (roll < 68) {
			const number = this.pick(['1e999', '-1e999', '123456789012345678901234567890', '-0', '0.0000e-99999']);
			return {
				data: this.pick([
					`{"type":"signal","to":"${this.knownPeer()}","data":${number}}`,
					`{"type":"join","room":{"kind":"public","code":"${this.code()}"},"create":${number}}`,
					number
				]),
				binary: false
			};
		}
		if (roll < 74) return { data: this.bytes(this.int(200)), binary: false };
		if (roll < 80) return { data: this.bytes(this.int(200)), binary: true };
		if (roll < 85) return { data: Buffer.from(JSON.stringify(this.message())), binary: true };
		if (roll < 90) return { data: this.text(this.int(300)), binary: false };
		if (roll < 93) {
			return {
				data: this.pick([
					'',
					' ',
					'null',
					'true',
					'[]',
					'{}',
					'"join"',
					'{"type":null}',
					'{"type":"toString"}'
				]),
				binary: false
			};
		}
		if (roll < 98) {
			return {
				data: this.pick([
					`{"__proto__":{"type":"join"},"type":"rename","name":"Fuzz"}`,
					`{"type":"signal","to":"${this.knownPeer()}","data":{"__proto__":{"polluted":true}}}`,
					`{"type":"rename","name":"Fuzz","type":"signal"}`,
					`{"type":"join","constructor":{"prototype":{"x":1}}}`
				]),
				binary: false
			};
		}
		// Rarely, a frame over the size limit.
		return {
			data: `{"type":"signal","data":"${'x'.repeat(MAX_FRAME_BYTES + this.int(1000))}"}`,
			binary: false
		};
	}

	/** X-Forwarded-For values: a small pool, so per-address caps and limits are hit, and junk. */
	forwardedFor(): string | undefined {
		if (this.chance(0.1)) return undefined;
		if (this.chance(0.1)) {
			return this.pick([
				'',
				'junk',
				'1.2.3.4, ',
				',,,',
				'::ffff:',
				'999.0.0.1',
				'x'.repeat(2000),
				this.id(30)
			]);
		}
		const n = this.int(24);
		return n < 16 ? `198.51.100.${n}` : `2001:db8:${n}::${this.int(5)}`;
	}
}

const { startServer } = useSignalingHarness();
/** Sockets not yet closed; closed ones are let go so they do not count as heap growth. */
const open = new Set<WebSocket>();

afterEach(() => {
	for (const ws of open) ws.terminate();
	open.clear();
});

function tick(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** `global.gc` when node runs with --expose-gc; otherwise switched on at run time, if allowed. */
function garbageCollector(): (() => void) | null {
	if (typeof globalThis.gc === 'function') return globalThis.gc;
	try {
		setFlagsFromString('--expose-gc');
		const gc: unknown = runInNewContext('gc');
		return typeof gc === 'function' ? () => void gc() : null;
	} catch {
		return null;
	}
}

function heapUsed(gc: (() => void) | null): number {
	gc?.();
	gc?.();
	return process.memoryUsage().heapUsed;
}

interface FuzzTally {
	framesSent: number;
	connections: number;
	refusedUpgrades: number;
	unparseable: number;
	closeCodes: Map<number, number>;
}

/** The honest pair signalling back and forth until `stop`, which resolves to the rounds done. */
function keepTalking(a: TestClient, b: TestClient, idA: string, idB: string): { stop(): Promise<number> } {
	let talking = true;
	let rounds = 0;
	const done = (async () => {
		while (talking) {
			const data = { round: rounds, sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n' };
			a.send({ type: 'signal', to: idB, data });
			expect(await b.next(5000)).toEqual({ type: 'signal', from: idA, data });
			b.send({ type: 'signal', to: idA, data: { answer: rounds } });
			expect(await a.next(5000)).toEqual({ type: 'signal', from: idB, data: { answer: rounds } });
			rounds++;
			// Well inside the per-connection message budget of 30/s.
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
	})();
	// Awaited by `stop`; until then a failure must not count as unhandled.
	done.catch(() => {});
	return {
		async stop() {
			talking = false;
			await done;
			return rounds;
		}
	};
}

/** Sockets that open, send random frames and leave, until FRAMES are sent or time is up. */
class FuzzCrowd {
	readonly tally: FuzzTally = {
		framesSent: 0,
		connections: 0,
		refusedUpgrades: 0,
		unparseable: 0,
		closeCodes: new Map()
	};
	readonly #server: TestServer;
	readonly #factory: FrameFactory;
	readonly #deadline: number;

	constructor(server: TestServer, factory: FrameFactory, deadline: number) {
		this.#server = server;
		this.#factory = factory;
		this.#deadline = deadline;
	}

	async run(sockets: number): Promise<void> {
		await Promise.all(Array.from({ length: sockets }, () => this.#worker()));
	}

	async #open(): Promise<WebSocket | null> {
		const { tally } = this;
		const factory = this.#factory;
		const forwardedFor = factory.forwardedFor();
		const headers: Record<string, string> =
			forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor };
		if (factory.chance(0.02))
			headers.Origin = factory.pick(['https://evil.example', 'null', 'http://127.0.0.1:1']);
		const ws = new WebSocket(wsUrl(this.#server, factory.chance(0.01) ? '/nope' : '/ws'), { headers });
		open.add(ws);
		ws.on('error', () => {});
		ws.on('message', (data, isBinary) => {
			if (isBinary || !parseServerMessage(String(data))) tally.unparseable++;
		});
		ws.on('close', (code) => {
			open.delete(ws);
			tally.closeCodes.set(code, (tally.closeCodes.get(code) ?? 0) + 1);
		});
		const opened = await new Promise<boolean>((resolve) => {
			ws.once('open', () => resolve(true));
			ws.once('unexpected-response', () => {
				ws.terminate();
				resolve(false);
			});
			ws.once('close', () => resolve(false));
		});
		if (opened) tally.connections++;
		else tally.refusedUpgrades++;
		return opened ? ws : null;
	}

	#more(): boolean {
		return this.tally.framesSent < FRAMES && Date.now() < this.#deadline;
	}

	async #worker(): Promise<void> {
		const factory = this.#factory;
		while (this.#more()) {
			const ws = await this.#open();
			if (!ws) continue;
			// Mostly join, then talk, until a broken frame ends it; sometimes flood.
			const flood = factory.chance(0.03);
			const budget = flood ? 200 : 1 + factory.int(40);
			for (let i = 0; i < budget && this.tally.framesSent < FRAMES && ws.readyState === WebSocket.OPEN; i++) {
				const message =
					i === 0
						? factory.chance(0.8) && factory.join()
						: (flood || factory.chance(0.85)) && factory.message();
				const { data, binary } = message ? { data: JSON.stringify(message), binary: false } : factory.frame();
				ws.send(data, { binary });
				this.tally.framesSent++;
				if (factory.chance(0.05)) ws.ping(factory.bytes(factory.int(100)));
				await tick();
			}
			// Leave in every way a client can: politely, abruptly, or by being closed.
			const ending = factory.int(3);
			if (ending === 0) ws.close();
			else if (ending === 1) ws.terminate();
			await tick();
		}
	}
}

function summarize(tally: FuzzTally, events: Map<string, number>, run: Record<string, number>): string {
	const closeCodes = Object.fromEntries(tally.closeCodes);
	return JSON.stringify({ ...run, ...tally, closeCodes, events: Object.fromEntries(events) });
}

/** Whatever came in, the server answered only with well-formed messages and no handler threw. */
function expectServerHeld(tally: FuzzTally, events: Map<string, number>, summary: string): void {
	expect(tally.framesSent, summary).toBeGreaterThanOrEqual(MIN_FRAMES);
	expect(tally.connections, summary).toBeGreaterThan(SOCKETS);
	expect(tally.unparseable, summary).toBe(0);
	expect(tally.closeCodes.get(1011) ?? 0, summary).toBe(0);
	expect(events.get('conn.internal-error') ?? 0, summary).toBe(0);
	// The fuzz reached the handlers, not only the parser.
	expect(events.get('join') ?? 0, summary).toBeGreaterThan(0);
	expect(events.get('reject') ?? 0, summary).toBeGreaterThan(0);
}

/** The honest pair, in a room of its own, each with its own address. */
async function honestPair(s: TestServer) {
	const room = privateRoom();
	const a = await TestClient.open(wsUrl(s), { headers: { 'X-Forwarded-For': '192.0.2.1' } });
	const b = await TestClient.open(wsUrl(s), { headers: { 'X-Forwarded-For': '192.0.2.2' } });
	open.add(a.ws).add(b.ws);
	const joinA = joinMessage(room, { name: 'Alice' });
	const joinB = joinMessage(room, { name: 'Bob' });
	await a.join(joinA);
	await b.join(joinB);
	await a.expect('peer-joined');
	return { a, b, joinA, joinB };
}

describe('server fuzz', () => {
	it(`survives up to ${FRAMES} random frames over ${SOCKETS} sockets while two peers keep talking (FUZZ_SEED=${SEED})`, async () => {
		const events = new Map<string, number>();
		const s = await startServer({
			trustProxy: true,
			maxConnectionsPerIp: 5,
			maxRooms: 30,
			maxPeersPerRoom: 4,
			maxTrackedAddresses: 16,
			joinRateLimit: { burst: 10, perSecond: 5 },
			publicGuessRateLimit: { burst: 5, perSecond: 1 },
			logger: (event) => events.set(event, (events.get(event) ?? 0) + 1)
		});
		const gc = garbageCollector();

		const { a, b, joinA, joinB } = await honestPair(s);
		let honestClosed = false;
		void Promise.race([a.closed, b.closed]).then(() => (honestClosed = true));
		const heapBefore = heapUsed(gc);

		const talk = keepTalking(a, b, joinA.peerId, joinB.peerId);
		const crowd = new FuzzCrowd(s, new FrameFactory(seededRandom(SEED)), Date.now() + TIME_BUDGET_MS);
		const started = Date.now();
		let rounds = 0;
		try {
			await crowd.run(SOCKETS);
		} finally {
			rounds = await talk.stop();
		}
		const fuzzMs = Date.now() - started;

		for (const ws of open) if (ws !== a.ws && ws !== b.ws) ws.close();
		await eventually(() => open.size === 2, 5000);
		await eventually(() => s.stats().clients === 2, 5000);

		const { tally } = crowd;
		const summary = summarize(tally, events, { seed: SEED, fuzzMs, rounds });
		expectServerHeld(tally, events, summary);

		// The honest pair never noticed.
		expect(honestClosed, summary).toBe(false);
		expect(rounds, summary).toBeGreaterThan(0);
		expect(a.received.filter((m) => m.type !== 'signal').map((m) => m.type)).toEqual([
			'peers',
			'peer-joined'
		]);
		expect(b.received.filter((m) => m.type !== 'signal').map((m) => m.type)).toEqual(['peers']);

		// Nothing leaked: only the honest room and its two peers are left.
		expect(s.stats(), summary).toEqual({ rooms: 1, clients: 2, peers: 2 });
		const health = await fetch(httpUrl(s, '/healthz'));
		expect(await health.json()).toMatchObject({ ok: true, rooms: 1, clients: 2 });
		a.send({ type: 'signal', to: joinB.peerId, data: 'after' });
		expect(await b.next()).toEqual({ type: 'signal', from: joinA.peerId, data: 'after' });

		const growth = heapUsed(gc) - heapBefore;
		expect(growth, `${summary} heap grew ${growth} bytes`).toBeLessThan((gc ? 50 : 200) * 1024 * 1024);
	}, 90_000);
});
