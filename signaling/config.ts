import { resolve } from 'node:path';
import { parseIceServers, type IceServerConfig } from '../src/lib/protocol/signaling-protocol';

export interface ServerConfig {
	host: string;
	port: number;
	/** Absolute path, or undefined for the server's default (`build/`). */
	staticDir: string | undefined;
	iceServers: IceServerConfig[];
	allowedOrigins: string[];
	/** Undefined keeps the server's default. */
	maxConnectionsPerIp: number | undefined;
	/** Whether joiners are told this machine's LAN URLs (off for public deployments). */
	advertiseLan: boolean;
	help: boolean;
}

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}

export const USAGE = `Usage: node --import tsx signaling/main.ts [options]

Options (flags win over environment variables):
  --host <addr>          HOST             interface to listen on (default 0.0.0.0)
  --port <n>             PORT             port, 0 for any free one (default 3000)
  --static-dir <dir>     STATIC_DIR       the built app (default build/)
                         ICE_SERVERS      JSON array of {urls, username?, credential?}
                         ALLOWED_ORIGINS  comma-separated extra origins for /ws
                         MAX_CONNECTIONS_PER_IP  sockets per address (default 200, 0 = no limit)
  --no-lan               ADVERTISE_LAN=0  do not tell clients this machine's LAN URLs
  -h, --help                              show this help`;

type Flag = 'host' | 'port' | 'static-dir';
const FLAGS: readonly Flag[] = ['host', 'port', 'static-dir'];

function isFlag(name: string): name is Flag {
	return (FLAGS as readonly string[]).includes(name);
}

interface Flags {
	values: Map<Flag, string>;
	help: boolean;
	noLan: boolean;
}

function parseFlags(argv: readonly string[]): Flags {
	const flags = new Map<Flag, string>();
	let help = false;
	let noLan = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '-h' || arg === '--help') {
			help = true;
			continue;
		}
		if (arg === '--no-lan') {
			noLan = true;
			continue;
		}
		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
		const name = match?.[1];
		if (!match || name === undefined || !isFlag(name)) {
			throw new ConfigError(`Unknown argument "${arg}". Run with --help for the options.`);
		}
		let value = match[2];
		if (value === undefined) {
			value = argv[i + 1];
			if (value === undefined || value.startsWith('--')) {
				throw new ConfigError(`--${name} needs a value.`);
			}
			i++;
		}
		flags.set(name, value);
	}
	return { values: flags, help, noLan };
}

function parseBoolean(text: string, source: string): boolean {
	if (/^(?:1|true|yes|on)$/i.test(text)) return true;
	if (/^(?:0|false|no|off)$/i.test(text)) return false;
	throw new ConfigError(`${source} must be true or false, got "${text}".`);
}

function parsePort(text: string, source: string): number {
	if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
		throw new ConfigError(`${source} must be a port number from 0 to 65535, got "${text}".`);
	}
	return Number(text);
}

function parseIceServersText(text: string): IceServerConfig[] {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new ConfigError('ICE_SERVERS is not valid JSON.');
	}
	const servers = parseIceServers(json);
	if (!servers) {
		throw new ConfigError(
			'ICE_SERVERS must be a JSON array of {"urls": string | string[], "username"?: string, "credential"?: string}.'
		);
	}
	return servers;
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads the server's settings from command-line flags and the environment. */
export function parseConfig(
	argv: readonly string[],
	env: Readonly<Record<string, string | undefined>>
): ServerConfig {
	const { values: flags, help, noLan } = parseFlags(argv);

	const host = nonEmpty(flags.get('host')) ?? nonEmpty(env.HOST) ?? '0.0.0.0';
	const portFlag = flags.get('port');
	const portEnv = nonEmpty(env.PORT);
	const port =
		portFlag !== undefined
			? parsePort(portFlag, '--port')
			: portEnv !== undefined
				? parsePort(portEnv, 'PORT')
				: 3000;
	const staticText = nonEmpty(flags.get('static-dir')) ?? nonEmpty(env.STATIC_DIR);
	const iceText = nonEmpty(env.ICE_SERVERS);
	const origins = nonEmpty(env.ALLOWED_ORIGINS);
	const perIp = nonEmpty(env.MAX_CONNECTIONS_PER_IP);
	if (perIp !== undefined && !/^\d+$/.test(perIp)) {
		throw new ConfigError(`MAX_CONNECTIONS_PER_IP must be a whole number, got "${perIp}".`);
	}

	const advertiseText = nonEmpty(env.ADVERTISE_LAN);
	const advertiseLan =
		!noLan && (advertiseText === undefined || parseBoolean(advertiseText, 'ADVERTISE_LAN'));

	return {
		host,
		port,
		staticDir: staticText === undefined ? undefined : resolve(staticText),
		iceServers: iceText === undefined ? [] : parseIceServersText(iceText),
		allowedOrigins: origins === undefined ? [] : parseOrigins(origins),
		maxConnectionsPerIp: perIp === undefined ? undefined : Number(perIp),
		advertiseLan,
		help
	};
}

function parseOrigins(text: string): string[] {
	return text
		.split(',')
		.map((o) => o.trim())
		.filter((o) => o !== '')
		.map((o) => {
			let url: URL;
			try {
				url = new URL(o);
			} catch {
				throw new ConfigError(`ALLOWED_ORIGINS has an invalid origin "${o}".`);
			}
			if (url.origin !== o) {
				throw new ConfigError(
					`ALLOWED_ORIGINS entries must be bare origins like https://example.org, got "${o}".`
				);
			}
			return o;
		});
}
