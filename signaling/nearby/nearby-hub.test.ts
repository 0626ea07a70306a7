import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
	parseNearbyClientMessage,
	parseNearbyServerMessage,
	type NearbyClientMessage,
	type NearbyServerMessage
} from '#protocol/nearby-messages';
import { TEST_REDIS_KEY_SECRET, startRedis, type TestDaemon } from '../../tests/support/daemons';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { joinMessage, privateRoom } from '../../tests/support/test-client';
import { wsUrl, type TestServer } from '../../tests/support/test-server';

type Of<T extends NearbyServerMessage['type']> = Extract<NearbyServerMessage, { type: T }>;

/** A home page's socket, as the server sees it: raw frames, parsed with the browser's parser. */
class HomePage {
	readonly ws: WebSocket;
	readonly received: NearbyServerMessage[] = [];
	readonly raw: string[] = [];
	readonly closed: Promise<number>;

	constructor(url: string) {
		this.ws = new WebSocket(url);
		this.ws.on('error', () => {});
		this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
		this.ws.on('message', (data) => {
			const text = String(data);
			this.raw.push(text);
			const m = parseNearbyServerMessage(text);
			if (m) this.received.push(m);
		});
	}

	static async open(server: TestServer, name: string, visible: boolean | null = null): Promise<HomePage> {
		const page = new HomePage(wsUrl(server));
		await new Promise((resolve) => page.ws.once('open', resolve));
		page.send({ type: 'nearby-hello', name, device: 'laptop', visible });
		await page.until('nearby-welcome');
		return page;
	}

	get id(): string {
		return (this.received.find((m) => m.type === 'nearby-welcome') as Of<'nearby-welcome'>).self;
	}

	send(m: NearbyClientMessage | Record<string, unknown>): void {
		this.ws.send(JSON.stringify(m));
	}

	/** The newest message of `type` matching `ok`, waited for. */
	async until<T extends NearbyServerMessage['type']>(
		type: T,
		ok: (m: Of<T>) => boolean = () => true,
		timeoutMs = 4000
	): Promise<Of<T>> {
		const start = Date.now();
		for (;;) {
			const found = this.received.filter((m): m is Of<T> => m.type === type && ok(m as Of<T>)).at(-1);
			if (found) return found;
			if (Date.now() - start > timeoutMs) throw new Error(`no ${type} in ${JSON.stringify(this.received)}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	/** The names in the newest list. */
	names(): string[] {
		const list = this.received.filter((m) => m.type === 'nearby-list').at(-1) as
			Of<'nearby-list'> | undefined;
		return list?.devices.map((d) => d.name) ?? [];
	}
}

const KEY_A = 'A'.repeat(43);
const KEY_B = 'B'.repeat(43);
const harness = useSignalingHarness();
const listsShow = (page: HomePage, names: string[]) =>
	page.until('nearby-list', (m) => JSON.stringify(m.devices.map((d) => d.name)) === JSON.stringify(names));

describe('nearby frames are parsed strictly', () => {
	it.each([
		[{ type: 'nearby-hello', name: 'Quiet Otter', device: 'phone', visible: null }, true],
		[{ type: 'nearby-hello', name: 'Quiet Otter', device: 'tablet', visible: null }, false],
		[{ type: 'nearby-hello', name: '<b>x</b>', device: 'phone', visible: true }, false],
		[{ type: 'nearby-hello', name: 'Quiet Otter', device: 'phone' }, false],
		[{ type: 'nearby-ask', to: 'a'.repeat(16), key: KEY_A }, true],
		[{ type: 'nearby-ask', to: 'a'.repeat(16), key: 'short' }, false],
		[{ type: 'nearby-answer', to: 'a'.repeat(16), key: null }, true],
		[{ type: 'nearby-visible', visible: 'yes' }, false]
	])('%j -> %s', (m, ok) => {
		expect(parseNearbyClientMessage(JSON.stringify(m)) !== null).toBe(ok);
	});
});

describe('nearby on one process', () => {
	it('devices on one network see each other; a hidden one still sees, and is not seen', async () => {
		const server = await harness.startServer();
		const otter = await HomePage.open(server, 'Quiet Otter');
		const fox = await HomePage.open(server, 'Brave Fox');
		expect((await otter.until('nearby-welcome')).visible).toBe(true);
		await listsShow(otter, ['Brave Fox']);
		await listsShow(fox, ['Quiet Otter']);
		fox.send({ type: 'nearby-visible', visible: false });
		await listsShow(otter, []);
		const lynx = await HomePage.open(server, 'Calm Lynx', false);
		expect((await lynx.until('nearby-welcome')).visible).toBe(false);
		await listsShow(lynx, ['Quiet Otter']);
		await listsShow(fox, ['Quiet Otter']);
		otter.ws.close();
		await listsShow(fox, []);
	});

	it('an ask reaches the device with the asker’s name and key; its answer comes back', async () => {
		const server = await harness.startServer();
		const otter = await HomePage.open(server, 'Quiet Otter');
		const fox = await HomePage.open(server, 'Brave Fox');
		otter.send({ type: 'nearby-ask', to: fox.id, key: KEY_A });
		const asked = await fox.until('nearby-asked');
		expect(asked.from).toEqual({ id: otter.id, name: 'Quiet Otter', device: 'laptop' });
		expect(asked.key).toBe(KEY_A);
		fox.send({ type: 'nearby-answer', to: otter.id, key: KEY_B });
		expect(await otter.until('nearby-answered')).toEqual({
			type: 'nearby-answered',
			from: fox.id,
			key: KEY_B
		});
		// Once answered, a second answer is dropped.
		fox.send({ type: 'nearby-answer', to: otter.id, key: null });
		// Asking again at once is too soon.
		otter.send({ type: 'nearby-ask', to: fox.id, key: KEY_A });
		expect((await otter.until('nearby-refused')).reason).toBe('too-soon');
		expect(otter.received.filter((m) => m.type === 'nearby-answered')).toHaveLength(1);
	});

	it('an answer nobody asked for, or an ask to a hidden device, goes nowhere', async () => {
		const server = await harness.startServer();
		const otter = await HomePage.open(server, 'Quiet Otter');
		const fox = await HomePage.open(server, 'Brave Fox', false);
		fox.send({ type: 'nearby-answer', to: otter.id, key: KEY_B });
		otter.send({ type: 'nearby-ask', to: fox.id, key: KEY_A });
		expect((await otter.until('nearby-refused')).reason).toBe('gone');
		expect(otter.received.some((m) => m.type === 'nearby-answered')).toBe(false);
		expect(fox.received.some((m) => m.type === 'nearby-asked')).toBe(false);
	});

	it('asks are rate-limited per address', async () => {
		const server = await harness.startServer({ nearbyAskRateLimit: { burst: 2, perSecond: 0.01 } });
		const otter = await HomePage.open(server, 'Quiet Otter');
		const others = [];
		for (const name of ['Brave Fox', 'Calm Lynx', 'Tiny Owl']) others.push(await HomePage.open(server, name));
		for (const other of others) otter.send({ type: 'nearby-ask', to: other.id, key: KEY_A });
		expect((await otter.until('nearby-refused')).reason).toBe('rate-limited');
		await others[1]!.until('nearby-asked');
		expect(others[2]!.received.some((m) => m.type === 'nearby-asked')).toBe(false);
	});

	it('a home page socket joins no room, and frames before its hello are refused', async () => {
		const server = await harness.startServer();
		const otter = await HomePage.open(server, 'Quiet Otter');
		otter.send(joinMessage(privateRoom()));
		expect(await otter.closed).toBeGreaterThan(1000);
		const early = new HomePage(wsUrl(server));
		await new Promise((resolve) => early.ws.once('open', resolve));
		early.send({ type: 'nearby-visible', visible: false });
		await early.closed;
		expect(early.raw.join()).toContain('not-joined');
	});

	it('the log holds no name and no nearby id', async () => {
		const lines: string[] = [];
		const server = await harness.startServer({
			logger: (event, fields) => lines.push(event + JSON.stringify(fields))
		});
		const otter = await HomePage.open(server, 'Quiet Otter');
		const fox = await HomePage.open(server, 'Brave Fox');
		otter.send({ type: 'nearby-ask', to: fox.id, key: KEY_A });
		await fox.until('nearby-asked');
		fox.send({ type: 'nearby-answer', to: otter.id, key: KEY_B });
		await otter.until('nearby-answered');
		otter.ws.close();
		await listsShow(fox, []);
		const log = lines.join('\n');
		for (const secret of ['Otter', 'Fox', otter.id, fox.id, KEY_A, KEY_B]) expect(log).not.toContain(secret);
	});
});

describe('nearby across processes sharing Redis', () => {
	let redis: TestDaemon & { url: string };
	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		await redis?.stop();
	});

	const start = (prefix: string) =>
		harness.startServer({
			redis: {
				url: redis.url,
				prefix,
				presenceTtlMs: 1000,
				renewEveryMs: 200,
				keySecret: TEST_REDIS_KEY_SECRET
			}
		});

	it('devices on two processes see each other, pair, and are forgotten when gone', async () => {
		const prefix = `nearby-${Date.now()}`;
		const [one, two] = [await start(prefix), await start(prefix)];
		const otter = await HomePage.open(one, 'Quiet Otter');
		const fox = await HomePage.open(two, 'Brave Fox');
		await listsShow(otter, ['Brave Fox']);
		await listsShow(fox, ['Quiet Otter']);
		otter.send({ type: 'nearby-ask', to: fox.id, key: KEY_A });
		expect((await fox.until('nearby-asked')).from.id).toBe(otter.id);
		fox.send({ type: 'nearby-answer', to: otter.id, key: KEY_B });
		expect((await otter.until('nearby-answered')).key).toBe(KEY_B);
		fox.send({ type: 'nearby-visible', visible: false });
		await listsShow(otter, []);
		fox.send({ type: 'nearby-visible', visible: true });
		await listsShow(otter, ['Brave Fox']);
		fox.ws.close();
		await listsShow(otter, []);
	});

	it('keeps nothing about devices in Redis (only keyed per-address buckets), and names no address in a channel', async () => {
		const prefix = `keys-${Date.now()}`;
		const [one, two] = [await start(prefix), await start(prefix)];
		const { Redis } = await import('ioredis');
		const inspector = new Redis(redis.url);
		try {
			const otter = await HomePage.open(one, 'Quiet Otter');
			await HomePage.open(two, 'Brave Fox');
			await listsShow(otter, ['Brave Fox']);
			const channels = await inspector.pubsub('CHANNELS', `${prefix}:nearby:*`);
			expect(channels.length).toBeGreaterThan(0);
			for (const channel of channels)
				expect(channel).toMatch(new RegExp(`^${prefix}:nearby:[A-Za-z0-9_-]{22}$`));
			const keys = await inspector.keys(`${prefix}:*`);
			// The hello budget, a token bucket under a keyed hash of the address, as joins have.
			for (const key of keys.filter((k) => k.includes('nearby'))) {
				expect(key).toMatch(new RegExp(`^${prefix}:limit:nearby-hello:[A-Za-z0-9_-]{22}$`));
			}
			for (const key of keys) {
				const type = await inspector.type(key);
				const dump =
					type === 'string' ? await inspector.get(key) : JSON.stringify(await inspector.hgetall(key));
				expect(`${key} ${dump}`).not.toMatch(/Otter|Fox|127\.0\.0\.1/);
			}
		} finally {
			await inspector.quit();
		}
	});
});
