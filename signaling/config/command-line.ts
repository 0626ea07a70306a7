import { ConfigError } from '../config-error';

/** The process environment, or a test's stand-in for it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Flags that take a value, as `--name value` or `--name=value`. */
export type Flag =
	| 'host'
	| 'port'
	| 'static-dir'
	| 'tls-cert'
	| 'tls-key'
	| 'stun-urls'
	| 'turn-urls'
	| 'turn-ttl'
	| 'redis-url'
	| 'redis-prefix';
const FLAGS: readonly Flag[] = [
	'redis-url',
	'redis-prefix',
	'host',
	'port',
	'static-dir',
	'tls-cert',
	'tls-key',
	'stun-urls',
	'turn-urls',
	'turn-ttl'
];

/** Flags without a value. */
export type Switch = 'help' | 'no-lan' | 'trust-proxy' | 'https' | 'qr-room';
const SWITCHES: ReadonlyMap<string, Switch> = new Map([
	['-h', 'help'],
	['--help', 'help'],
	['--no-lan', 'no-lan'],
	['--trust-proxy', 'trust-proxy'],
	['--https', 'https'],
	['--qr-room', 'qr-room']
]);

export interface CommandLine {
	values: ReadonlyMap<Flag, string>;
	switches: ReadonlySet<Switch>;
}

function isFlag(name: string): name is Flag {
	return (FLAGS as readonly string[]).includes(name);
}

/** Splits argv into flag values and switches; anything else is a `ConfigError`. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
	const values = new Map<Flag, string>();
	const switches = new Set<Switch>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const switchName = SWITCHES.get(arg);
		if (switchName !== undefined) {
			switches.add(switchName);
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
		values.set(name, value);
	}
	return { values, switches };
}
