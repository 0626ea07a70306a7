import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
	it('has defaults', () => {
		expect(parseConfig([], {})).toEqual({
			host: '0.0.0.0',
			port: 3000,
			staticDir: undefined,
			iceServers: [],
			allowedOrigins: [],
			maxConnectionsPerIp: undefined,
			advertiseLan: true,
			help: false
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

	it('turns LAN URLs off by flag or environment', () => {
		expect(parseConfig(['--no-lan'], {}).advertiseLan).toBe(false);
		expect(parseConfig([], { ADVERTISE_LAN: '0' }).advertiseLan).toBe(false);
		expect(parseConfig([], { ADVERTISE_LAN: 'true' }).advertiseLan).toBe(true);
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
		[[], { MAX_CONNECTIONS_PER_IP: 'many' }, /MAX_CONNECTIONS_PER_IP/],
		[[], { ADVERTISE_LAN: 'maybe' }, /ADVERTISE_LAN must be true or false/]
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
