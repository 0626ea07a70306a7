import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '#protocol/close-codes';
import { startRedis, TEST_REDIS_KEY_SECRET, type TestDaemon } from '../../tests/support/daemons';
import { expectRejected, useSignalingHarness } from '../../tests/support/signaling-harness';
import { joinMessage, randomId, type TestClient } from '../../tests/support/test-client';
import type { TestServer, TestServerOptions } from '../../tests/support/test-server';
import { MAX_FAILED_EXCHANGES } from './code-room-handlers';
import { claimNameplate } from './nameplates';
import { MemoryCodeRoomStore } from './memory-code-room-store';

const harness = useSignalingHarness();
let redis: TestDaemon & { url: string };

beforeAll(async () => {
	redis = await startRedis();
});

afterAll(async () => {
	await redis?.stop();
});

/** Skips room events until the error; then the close must follow. */
async function untilError(client: TestClient, code: string, closeCode: number): Promise<void> {
	for (;;) {
		const m = await client.next();
		if (m.type !== 'error') continue;
		expect(m.code).toBe(code);
		break;
	}
	expect((await client.closed).code).toBe(closeCode);
}

async function claim(s: TestServer): Promise<string> {
	const client = await harness.connect(s);
	client.send({ type: 'claim-nameplate' });
	const { nameplate } = await client.expect('nameplate');
	await client.close();
	return nameplate;
}

describe('nameplates', () => {
	it('hands out the shortest free one it finds, never one that is held or live', async () => {
		const store = new MemoryCodeRoomStore({ maxEntries: 100 });
		const live = new Set(['3']);
		const picks = [3, 3, 5, 5, 5, 5, 5, 5, 42];
		const random = () => picks.shift()!;
		expect(await claimNameplate(async (n) => live.has(n), store, random)).toBe('5');
		// 5 is held now, 3 live: the one-digit tries run out, a two-digit one follows.
		expect(await claimNameplate(async (n) => live.has(n), store, random)).toBe('42');
	});
});

describe('MemoryCodeRoomStore', () => {
	it('sweep forgets holds, closings and failures that lapsed, though nobody asks about them again', async () => {
		let now = 0;
		const store = new MemoryCodeRoomStore({ maxEntries: 100, now: () => now });
		for (let i = 0; i < 10; i++) await store.hold(`${i}`, 1000);
		await store.close('77', 5000);
		await store.countFailure('88', 'a|b', 1000);
		expect(store.size).toBe(12);
		now = 1000;
		store.sweep();
		expect(store.size).toBe(1);
		expect(await store.isClosed('77')).toBe(true);
		now = 5000;
		store.sweep();
		expect(store.size).toBe(0);
	});
});

const servers: Record<string, (o?: TestServerOptions) => Promise<[TestServer, TestServer]>> = {
	memory: async (o) => {
		const s = await harness.startServer(o);
		return [s, s];
	},
	redis: async (o) => {
		const prefix = `test-${randomId().slice(0, 10)}`;
		const one = {
			url: redis.url,
			prefix,
			presenceTtlMs: 1000,
			renewEveryMs: 200,
			keySecret: TEST_REDIS_KEY_SECRET
		};
		return [await harness.startServer({ ...o, redis: one }), await harness.startServer({ ...o, redis: one })];
	}
};

for (const [backend, start] of Object.entries(servers)) {
	describe(`code rooms (${backend})`, () => {
		it('a claimed nameplate is joined through either process; a second claim gets another', async () => {
			const [one, two] = await start();
			const nameplate = await claim(one);
			expect(await claim(two)).not.toBe(nameplate);
			const room = { kind: 'code', nameplate } as const;
			const alice = await harness.connect(one);
			await alice.join(joinMessage(room, { create: true }));
			const bob = await harness.connect(two);
			const peers = await bob.join(joinMessage(room));
			expect(peers.peers).toHaveLength(1);
		});

		it(`closes the room after ${MAX_FAILED_EXCHANGES} failed pairs: every member is told, joins are refused`, async () => {
			const [one, two] = await start({ publicGuessRateLimit: null });
			const nameplate = await claim(one);
			const room = { kind: 'code', nameplate } as const;
			const alice = await harness.connect(one);
			const aliceId = randomId();
			await alice.join(joinMessage(room, { create: true, peerId: aliceId }));
			const bob = await harness.connect(two);
			await bob.join(joinMessage(room));
			for (let i = 0; i < MAX_FAILED_EXCHANGES; i++) {
				const guesser = await harness.connect(two);
				const guesserId = randomId();
				await guesser.join(joinMessage(room, { peerId: guesserId }));
				// Both ends of one failed exchange report it: it counts once.
				guesser.send({ type: 'code-failed', peer: aliceId });
				alice.send({ type: 'code-failed', peer: guesserId });
				if (i < MAX_FAILED_EXCHANGES - 1) {
					// Not closed yet: the server still answers this socket.
					guesser.send({ type: 'rename', name: `Guesser ${i}` });
					await guesser.close();
				} else await untilError(guesser, 'code-closed', CloseCode.codeClosed);
			}
			for (const member of [alice, bob]) await untilError(member, 'code-closed', CloseCode.codeClosed);
			const late = await harness.connect(one);
			late.send(joinMessage(room));
			await expectRejected(late, 'code-closed', CloseCode.codeClosed);
		});

		it('refuses a failure report from outside a code room', async () => {
			const [one] = await start();
			const client = await harness.connect(one);
			await client.join(joinMessage({ kind: 'public', code: 'K7M2QX' }, { create: true }));
			client.send({ type: 'code-failed', peer: randomId() });
			await expectRejected(client, 'bad-message', CloseCode.badMessage);
		});
	});
}
