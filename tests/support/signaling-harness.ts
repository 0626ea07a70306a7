/**
 * The setup the signaling unit tests share (vitest only: it registers `afterEach` and uses
 * `expect`): servers and clients that are closed after every test, and the usual first steps.
 */
import { afterEach, expect } from 'vitest';
import type { ClientOptions } from 'ws';
import type { RoomRef } from '#protocol/signaling-messages';
import { TestClient, joinMessage, privateRoom, type UpgradeAnswer } from './test-client';
import { startTestServer, wsUrl, type TestServer, type TestServerOptions } from './test-server';

type JoinMessage = ReturnType<typeof joinMessage>;
type PeersMessage = Awaited<ReturnType<TestClient['join']>>;

export interface ConnectOptions extends ClientOptions {
	/** Sent as X-Forwarded-For, which counts only with `trustProxy`. */
	forwardedFor?: string;
}

export interface PairOptions {
	room?: RoomRef;
	serverB?: TestServer;
	/** The names the two join with; `joinMessage`'s default otherwise. */
	nameA?: string;
	nameB?: string;
}

export interface SignalingHarness {
	/** A server, closed after the test. */
	startServer(options?: TestServerOptions): Promise<TestServer>;
	/** An open client of `server`, terminated after the test. */
	connect(server: TestServer, options?: ConnectOptions): Promise<TestClient>;
	/** Terminates `client` after the test: one made by hand. */
	track<T extends TestClient>(client: T): T;
	/** Destroys the socket of a raw upgrade after the test. */
	trackRaw(answer: UpgradeAnswer): UpgradeAnswer;
	/** A client of `server` joined to `room` with `joinMessage(room, overrides)`; `peers` is its answer. */
	joined(
		server: TestServer,
		room: RoomRef,
		overrides?: Partial<JoinMessage>
	): Promise<{ client: TestClient; join: JoinMessage; peers: PeersMessage }>;
	/**
	 * Two clients joined to one room (a fresh private room unless given), `a` first and on
	 * `server`, `b` on `serverB` (the same server unless given); resolves once `a` heard of `b`.
	 */
	joinedPair(
		server: TestServer,
		options?: PairOptions
	): Promise<{
		a: TestClient;
		b: TestClient;
		joinA: JoinMessage;
		joinB: JoinMessage;
	}>;
}

/** Call once at the top of a test file. */
export function useSignalingHarness(): SignalingHarness {
	const servers: TestServer[] = [];
	const clients: TestClient[] = [];
	const raw: UpgradeAnswer[] = [];

	afterEach(async () => {
		for (const client of clients.splice(0)) client.ws.terminate();
		for (const answer of raw.splice(0)) answer.socket?.destroy();
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});

	const harness: SignalingHarness = {
		async startServer(options) {
			const server = await startTestServer(options);
			servers.push(server);
			return server;
		},
		async connect(server, { forwardedFor, ...options } = {}) {
			const headers: Record<string, string> =
				forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor };
			return harness.track(await TestClient.open(wsUrl(server), { ...options, headers }));
		},
		track(client) {
			clients.push(client);
			return client;
		},
		trackRaw(answer) {
			raw.push(answer);
			return answer;
		},
		async joined(server, room, overrides = {}) {
			const client = await harness.connect(server);
			const join = joinMessage(room, overrides);
			return { client, join, peers: await client.join(join) };
		},
		async joinedPair(server, { room = privateRoom(), serverB = server, nameA, nameB } = {}) {
			const a = await harness.connect(server);
			const b = await harness.connect(serverB);
			const joinA = joinMessage(room, nameA === undefined ? {} : { name: nameA });
			const joinB = joinMessage(room, nameB === undefined ? {} : { name: nameB });
			await a.join(joinA);
			await b.join(joinB);
			await a.expect('peer-joined');
			return { a, b, joinA, joinB };
		}
	};
	return harness;
}

/** The next message is a typed `error` with `code`, and then the socket closes with `closeCode`. */
export async function expectRejected(client: TestClient, code: string, closeCode: number): Promise<void> {
	expect(await client.next()).toMatchObject({ type: 'error', code });
	expect((await client.closed).code).toBe(closeCode);
}
