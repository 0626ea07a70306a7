import type { RateLimit } from '../hub/token-bucket';
import { isIP } from 'node:net';
import { ConfigError } from '../config-error';
import type { Environment } from './command-line';

/** The trimmed text, or undefined when it is missing or blank: an empty variable is unset. */
export function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseBoolean(text: string, source: string): boolean {
	if (/^(?:1|true|yes|on)$/i.test(text)) return true;
	if (/^(?:0|false|no|off)$/i.test(text)) return false;
	throw new ConfigError(`${source} must be true or false, got "${text}".`);
}

/** The boolean variable `source`, or `fallback` when it is unset. */
export function booleanVariable(env: Environment, source: string, fallback: boolean): boolean {
	const text = nonEmpty(env[source]);
	return text === undefined ? fallback : parseBoolean(text, source);
}

export function parsePort(text: string, source: string): number {
	if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) {
		throw new ConfigError(`${source} must be a port number from 0 to 65535, got "${text}".`);
	}
	return Number(text);
}

export function parseWholeNumber(text: string | undefined, source: string): number | undefined {
	if (text === undefined) return undefined;
	if (!/^\d{1,9}$/.test(text)) {
		throw new ConfigError(`${source} must be a whole number, got "${text}".`);
	}
	return Number(text);
}

export function parseSeconds(text: string | undefined, source: string): number | undefined {
	if (text === undefined) return undefined;
	const value = /^\d{1,6}(?:\.\d+)?$/.test(text) ? Number(text) : 0;
	if (!(value > 0)) throw new ConfigError(`${source} must be a number of seconds above 0, got "${text}".`);
	return value;
}

/**
 * A token-bucket limit from a `<NAME>_BURST` and `<NAME>_REFILL_SECONDS` pair: undefined when
 * neither is set, null when the burst is 0 (no limit), else the missing half from `defaults`.
 */
export function parseRateLimit(
	env: Environment,
	name: string,
	defaults: RateLimit
): RateLimit | null | undefined {
	const burst = parseWholeNumber(nonEmpty(env[`${name}_BURST`]), `${name}_BURST`);
	const refill = parseSeconds(nonEmpty(env[`${name}_REFILL_SECONDS`]), `${name}_REFILL_SECONDS`);
	if (burst === 0) return null;
	if (burst === undefined && refill === undefined) return undefined;
	return {
		burst: burst ?? defaults.burst,
		perSecond: refill === undefined ? defaults.perSecond : 1 / refill
	};
}

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** ALLOWED_HOSTS: comma-separated host names (or IP addresses), lower-cased, without ports. */
export function parseHosts(text: string | undefined): string[] {
	if (text === undefined) return [];
	return text
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter((h) => h !== '')
		.map((h) => {
			if (!HOST_NAME.test(h) && isIP(h) === 0) {
				throw new ConfigError(`ALLOWED_HOSTS entries must be host names like drop.example.org, got "${h}".`);
			}
			return h;
		});
}

/** ALLOWED_ORIGINS: comma-separated bare origins such as `https://example.org`. */
export function parseOrigins(text: string | undefined): string[] {
	if (text === undefined) return [];
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
