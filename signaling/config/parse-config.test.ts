import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, USAGE, parseConfig } from './parse-config';
import { DEFAULTS } from '../defaults';

const { joinRateLimit: DEFAULT_JOIN_RATE_LIMIT, publicGuessRateLimit: DEFAULT_PUBLIC_GUESS_RATE_LIMIT } =
	DEFAULTS;

describe('parseConfig', () => {
	it('has defaults', () => {
		expect(parseConfig([], {})).toEqual({
			host: '0.0.0.0',
			port: 3000,
			staticDir: undefined,
			iceServers: [],
			stunUrls: [],
			turn: null,
			allowedOrigins: [],
			allowedHosts: [],
			maxConnectionsPerIp: undefined,
			maxConnections: undefined,
			maxHttpConnectionsPerIp: undefined,
			maxRooms: undefined,
			joinRateLimit: undefined,
			publicGuessRateLimit: undefined,
			globalGuessRateLimit: undefined,
			trustProxy: false,
			redis: null,
			advertiseLan: true,
			tls: null,
			qrRoom: false,
			help: false
		});
	});

	it('reads the TLS files from flags or the environment, flags first, as absolute paths', () => {
		expect(parseConfig(['--tls-cert', 'c.pem', '--tls-key=k.pem'], {}).tls).toEqual({
			kind: 'files',
			certFile: resolve('c.pem'),
			keyFile: resolve('k.pem')
		});
		expect(parseConfig([], { TLS_CERT: '/etc/c.pem', TLS_KEY: '/etc/k.pem' }).tls).toEqual({
			kind: 'files',
			certFile: '/etc/c.pem',
			keyFile: '/etc/k.pem'
		});
		expect(
			parseConfig(['--tls-key', '/flag/k.pem'], { TLS_CERT: '/etc/c.pem', TLS_KEY: '/etc/k.pem' }).tls
		).toEqual({ kind: 'files', certFile: '/etc/c.pem', keyFile: '/flag/k.pem' });
	});

	it('turns on a self-signed certificate with --https or HTTPS, unless files are given', () => {
		expect(parseConfig(['--https'], {}).tls).toEqual({ kind: 'self-signed' });
		expect(parseConfig([], { HTTPS: '1' }).tls).toEqual({ kind: 'self-signed' });
		expect(parseConfig([], { HTTPS: '0' }).tls).toBeNull();
		expect(parseConfig(['--https'], { HTTPS: 'off' }).tls).toEqual({ kind: 'self-signed' });
		expect(parseConfig(['--https'], { TLS_CERT: '/c.pem', TLS_KEY: '/k.pem' }).tls).toMatchObject({
			kind: 'files'
		});
	});

	it('reads --qr-room', () => {
		expect(parseConfig(['--qr-room'], {}).qrRoom).toBe(true);
		expect(parseConfig(['--qr-room', '--https', '--port', '0'], {})).toMatchObject({
			qrRoom: true,
			tls: { kind: 'self-signed' },
			port: 0
		});
	});

	it('reads the environment', () => {
		const config = parseConfig([], {
			HOST: '127.0.0.1',
			PORT: '8080',
			STATIC_DIR: 'dist',
			ICE_SERVERS:
				'[{"urls":"stun:stun.example.org"},{"urls":["turn:t.example.org"],"username":"u","credential":"c"}]',
			ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
			MAX_CONNECTIONS_PER_IP: '1000'
		});
		expect(config).toMatchObject({
			host: '127.0.0.1',
			port: 8080,
			staticDir: resolve('dist'),
			iceServers: [
				{ urls: 'stun:stun.example.org' },
				{ urls: ['turn:t.example.org'], username: 'u', credential: 'c' }
			],
			allowedOrigins: ['https://a.example', 'https://b.example:8443'],
			maxConnectionsPerIp: 1000
		});
	});

	it('lets flags win over the environment, in both flag spellings', () => {
		const config = parseConfig(['--host', '::', '--port=0', '--static-dir', '/srv/app'], {
			HOST: '127.0.0.1',
			PORT: '8080'
		});
		expect(config).toMatchObject({ host: '::', port: 0, staticDir: '/srv/app' });
	});

	it('reads STUN and TURN settings, flags first; the TURN secret from the environment only', () => {
		const env = {
			STUN_URLS: 'stun:stun.example.org:3478, stun:[2001:db8::1]',
			TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
			TURN_SECRET: 'shared-with-coturn',
			TURN_TTL: '600'
		};
		expect(parseConfig([], env)).toMatchObject({
			stunUrls: ['stun:stun.example.org:3478', 'stun:[2001:db8::1]'],
			turn: {
				urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
				secret: 'shared-with-coturn',
				ttlSeconds: 600
			}
		});
		const flagged = parseConfig(
			['--turn-urls', 'turn:10.0.0.1:3478', '--turn-ttl=7200', '--stun-urls', 'stun:10.0.0.1'],
			env
		);
		expect(flagged.turn).toEqual({
			urls: ['turn:10.0.0.1:3478'],
			secret: 'shared-with-coturn',
			ttlSeconds: 7200
		});
		expect(flagged.stunUrls).toEqual(['stun:10.0.0.1']);
		expect(parseConfig([], { TURN_URLS: 'turn:t.example.org', TURN_SECRET: 's' }).turn?.ttlSeconds).toBe(
			3600
		);
	});

	it('never quotes the TURN secret in an error', () => {
		const secret = 'do-not-print-this-secret';
		for (const env of [{ TURN_SECRET: secret }, { TURN_SECRET: secret, TURN_URLS: 'http://x' }]) {
			expect(() => parseConfig([], env)).toThrow(ConfigError);
			try {
				parseConfig([], env);
			} catch (error) {
				expect(String(error)).not.toContain(secret);
			}
		}
	});

	it('reads the Redis settings, flags first', () => {
		const REDIS_KEY_SECRET = 'a-long-random-key-secret';
		expect(parseConfig([], { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_SECRET }).redis).toEqual({
			url: 'redis://127.0.0.1:6379',
			keySecret: REDIS_KEY_SECRET
		});
		expect(
			parseConfig(['--redis-url', 'rediss://u:p@10.0.0.5:6380/2', '--redis-prefix=drop-eu'], {
				REDIS_URL: 'redis://127.0.0.1:6379',
				REDIS_PREFIX: 'other',
				REDIS_PRESENCE_TTL: '1.5',
				REDIS_KEY_SECRET
			}).redis
		).toEqual({
			url: 'rediss://u:p@10.0.0.5:6380/2',
			keySecret: REDIS_KEY_SECRET,
			prefix: 'drop-eu',
			presenceTtlMs: 1500
		});
	});

	it('refuses Redis without a REDIS_KEY_SECRET of 16 characters or more, and never quotes it', () => {
		expect(() => parseConfig([], { REDIS_URL: 'redis://h' })).toThrow(/REDIS_KEY_SECRET is missing/);
		const short = 'short-secret';
		expect(() => parseConfig([], { REDIS_URL: 'redis://h', REDIS_KEY_SECRET: short })).toThrow(
			/REDIS_KEY_SECRET must be at least 16 characters/
		);
		try {
			parseConfig([], { REDIS_URL: 'redis://h', REDIS_KEY_SECRET: short });
		} catch (error) {
			expect(String(error)).not.toContain(short);
		}
		expect(() => parseConfig([], { REDIS_KEY_SECRET: 'a-long-random-key-secret' })).toThrow(/need REDIS_URL/);
	});

	it('never quotes REDIS_URL, which may hold a password, in an error', () => {
		expect(() => parseConfig([], { REDIS_URL: 'http://user:hunter2@x' })).toThrow(ConfigError);
		try {
			parseConfig([], { REDIS_URL: 'http://user:hunter2@x' });
		} catch (error) {
			expect(String(error)).not.toContain('hunter2');
		}
	});

	it('turns LAN URLs off by flag or environment', () => {
		expect(parseConfig(['--no-lan'], {}).advertiseLan).toBe(false);
		expect(parseConfig([], { ADVERTISE_LAN: '0' }).advertiseLan).toBe(false);
		expect(parseConfig([], { ADVERTISE_LAN: 'true' }).advertiseLan).toBe(true);
	});

	it('reads TRUST_PROXY from the environment or --trust-proxy', () => {
		expect(parseConfig([], { TRUST_PROXY: '1' }).trustProxy).toBe(true);
		expect(parseConfig([], { TRUST_PROXY: 'false' }).trustProxy).toBe(false);
		expect(parseConfig(['--trust-proxy'], {}).trustProxy).toBe(true);
		expect(parseConfig(['--trust-proxy'], { TRUST_PROXY: 'off' }).trustProxy).toBe(true);
	});

	it('reads the rate limits, filling a missing half from the defaults', () => {
		const config = parseConfig([], {
			JOIN_BURST: '50',
			JOIN_REFILL_SECONDS: '0.5',
			GUESS_REFILL_SECONDS: '20',
			MAX_ROOMS: '500'
		});
		expect(config.joinRateLimit).toEqual({ burst: 50, perSecond: 2 });
		expect(config.publicGuessRateLimit).toEqual({
			burst: DEFAULT_PUBLIC_GUESS_RATE_LIMIT.burst,
			perSecond: 1 / 20
		});
		expect(config.maxRooms).toBe(500);
		expect(parseConfig([], { GUESS_BURST: '3' }).publicGuessRateLimit).toEqual({
			burst: 3,
			perSecond: DEFAULT_PUBLIC_GUESS_RATE_LIMIT.perSecond
		});
	});

	it('reads ALLOWED_HOSTS, the connection caps and the global guess budget', () => {
		const config = parseConfig([], {
			ALLOWED_HOSTS: 'drop.example.org, Other.Example.NET',
			MAX_CONNECTIONS: '5000',
			MAX_HTTP_CONNECTIONS_PER_IP: '0',
			GLOBAL_GUESS_BURST: '50',
			GLOBAL_GUESS_REFILL_SECONDS: '2'
		});
		expect(config).toMatchObject({
			allowedHosts: ['drop.example.org', 'other.example.net'],
			maxConnections: 5000,
			maxHttpConnectionsPerIp: 0,
			globalGuessRateLimit: { burst: 50, perSecond: 0.5 }
		});
		expect(parseConfig([], { GLOBAL_GUESS_BURST: '0' }).globalGuessRateLimit).toBeNull();
		expect(() => parseConfig([], { ALLOWED_HOSTS: 'https://drop.example.org' })).toThrow(
			/ALLOWED_HOSTS entries must be host names/
		);
		expect(() => parseConfig([], { ALLOWED_HOSTS: 'drop.example.org:443' })).toThrow(/ALLOWED_HOSTS/);
	});

	it('turns a limit off with 0', () => {
		const off = Object.fromEntries(
			['JOIN_BURST', 'GUESS_BURST', 'MAX_ROOMS', 'MAX_CONNECTIONS_PER_IP'].map((name) => [name, '0'])
		);
		expect(parseConfig([], off)).toMatchObject({
			joinRateLimit: null,
			publicGuessRateLimit: null,
			maxRooms: Number.MAX_SAFE_INTEGER,
			maxConnectionsPerIp: 0
		});
	});

	it('documents every variable it reads', () => {
		for (const name of [
			'HOST',
			'PORT',
			'STATIC_DIR',
			'ICE_SERVERS',
			'ALLOWED_ORIGINS',
			'TRUST_PROXY',
			'--trust-proxy',
			'ADVERTISE_LAN',
			'MAX_CONNECTIONS_PER_IP',
			'MAX_ROOMS',
			'JOIN_BURST',
			'JOIN_REFILL_SECONDS',
			'GUESS_BURST',
			'GUESS_REFILL_SECONDS',
			'TLS_CERT',
			'--tls-cert',
			'TLS_KEY',
			'--tls-key',
			'HTTPS=1',
			'--https',
			'--qr-room',
			'STUN_URLS',
			'--stun-urls',
			'TURN_URLS',
			'--turn-urls',
			'TURN_SECRET',
			'TURN_TTL',
			'--turn-ttl',
			'REDIS_URL',
			'--redis-url',
			'REDIS_PREFIX',
			'--redis-prefix',
			'REDIS_PRESENCE_TTL',
			'REDIS_KEY_SECRET',
			'ALLOWED_HOSTS',
			'MAX_CONNECTIONS',
			'MAX_HTTP_CONNECTIONS_PER_IP',
			'GLOBAL_GUESS_BURST',
			'GLOBAL_GUESS_REFILL_SECONDS'
		]) {
			expect(USAGE).toContain(name);
		}
		expect(USAGE).toContain(`(default ${DEFAULT_JOIN_RATE_LIMIT.burst})`);
	});

	it('recognises --help', () => {
		expect(parseConfig(['--help'], {}).help).toBe(true);
		expect(parseConfig(['-h'], {}).help).toBe(true);
	});

	it.each([
		[['--port', 'abc'], {}, /--port must be a port number/],
		[['--port', '70000'], {}, /--port must be a port number/],
		[[], { PORT: '-1' }, /PORT must be a port number/],
		[['--port'], {}, /--port needs a value/],
		[['--frobnicate'], {}, /Unknown argument "--frobnicate"/],
		[['stray'], {}, /Unknown argument "stray"/],
		[[], { ICE_SERVERS: 'not json' }, /ICE_SERVERS is not valid JSON/],
		[[], { ICE_SERVERS: '{"urls":"stun:x"}' }, /ICE_SERVERS must be a JSON array/],
		[[], { ICE_SERVERS: '[{"urls":42}]' }, /ICE_SERVERS must be a JSON array/],
		[[], { ALLOWED_ORIGINS: 'https://a.example/path' }, /bare origins/],
		[[], { MAX_CONNECTIONS_PER_IP: 'many' }, /MAX_CONNECTIONS_PER_IP must be a whole number/],
		[[], { MAX_CONNECTIONS_PER_IP: '-5' }, /MAX_CONNECTIONS_PER_IP must be a whole number/],
		[[], { MAX_ROOMS: '1e4' }, /MAX_ROOMS must be a whole number/],
		[[], { JOIN_BURST: '2.5' }, /JOIN_BURST must be a whole number/],
		[[], { JOIN_REFILL_SECONDS: '0' }, /JOIN_REFILL_SECONDS must be a number of seconds above 0/],
		[[], { GUESS_REFILL_SECONDS: 'soon' }, /GUESS_REFILL_SECONDS must be a number of seconds/],
		[[], { GUESS_BURST: '-1' }, /GUESS_BURST must be a whole number/],
		[[], { TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be true or false/],
		[[], { ADVERTISE_LAN: 'maybe' }, /ADVERTISE_LAN must be true or false/],
		[[], { HTTPS: 'maybe' }, /HTTPS must be true or false/],
		[['--tls-cert', 'c.pem'], {}, /TLS_KEY \(--tls-key\) is missing: HTTPS needs both/],
		[['--https'], { TLS_KEY: 'k.pem' }, /TLS_CERT \(--tls-cert\) is missing/],
		[['--tls-cert'], {}, /--tls-cert needs a value/],
		[['--tls-key', '--https'], {}, /--tls-key needs a value/],
		[['--https=1'], {}, /Unknown argument "--https=1"/],
		[[], { TURN_URLS: 'turn:t.example.org' }, /TURN_URLS is set but TURN_SECRET is missing/],
		[[], { TURN_SECRET: 's' }, /TURN_SECRET is set but TURN_URLS is missing/],
		[['--turn-secret', 's'], {}, /Unknown argument "--turn-secret"/],
		[
			[],
			{ TURN_URLS: 'stun:t.example.org', TURN_SECRET: 's' },
			/TURN_URLS entries must be turn:\/turns: URLs/
		],
		[[], { TURN_URLS: 'https://t.example.org', TURN_SECRET: 's' }, /got "https:\/\/t.example.org"/],
		[[], { TURN_URLS: 'turn:t.example.org?transport=sctp', TURN_SECRET: 's' }, /TURN_URLS entries/],
		[[], { STUN_URLS: 'turn:t.example.org' }, /STUN_URLS entries must be stun:\/stuns: URLs/],
		[[], { STUN_URLS: 'stun:' }, /STUN_URLS entries/],
		[[], { TURN_URLS: 'turn:t', TURN_SECRET: 's', TURN_TTL: '30' }, /TURN_TTL must be from 60 to 604800/],
		[['--turn-ttl', 'hour'], {}, /--turn-ttl must be a whole number/],
		[[], { REDIS_URL: 'localhost:6379' }, /REDIS_URL must look like redis:\/\/host:6379/],
		[[], { REDIS_URL: 'redis://' }, /REDIS_URL must look like/],
		[[], { REDIS_PREFIX: 'x' }, /REDIS_PREFIX, REDIS_PRESENCE_TTL and REDIS_KEY_SECRET need REDIS_URL/],
		[['--redis-url', 'redis://h', '--redis-prefix', 'a:b'], {}, /REDIS_PREFIX may hold letters/],
		[[], { REDIS_URL: 'redis://h', REDIS_PRESENCE_TTL: '0.1' }, /REDIS_PRESENCE_TTL must be from 0.5 to 600/],
		[
			[],
			{ REDIS_URL: 'redis://h', REDIS_PRESENCE_TTL: 'soon' },
			/REDIS_PRESENCE_TTL must be a number of seconds/
		]
	] as const)('rejects %j %j with a clear message', (argv, env, message) => {
		expect(() => parseConfig(argv, env)).toThrow(ConfigError);
		expect(() => parseConfig(argv, env)).toThrow(message);
	});

	it('treats empty variables as unset', () => {
		expect(parseConfig([], { PORT: '', ICE_SERVERS: ' ' })).toMatchObject({
			port: 3000,
			iceServers: []
		});
	});
});
