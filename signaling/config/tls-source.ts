import { resolve } from 'node:path';
import { ConfigError } from '../config-error';
import type { CommandLine, Environment } from './command-line';
import { booleanVariable, nonEmpty } from './value-parsers';

/**
 * `files`: PEM files given by TLS_CERT/TLS_KEY (absolute paths). `self-signed`: `--https`,
 * a certificate generated with openssl under `.certs/`.
 */
export type TlsSource = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' };

/** TLS_CERT/TLS_KEY (--tls-cert/--tls-key), else HTTPS (--https); null serves plain HTTP. */
export function parseTlsSource({ values, switches }: CommandLine, env: Environment): TlsSource | null {
	const certFile = nonEmpty(values.get('tls-cert')) ?? nonEmpty(env.TLS_CERT);
	const keyFile = nonEmpty(values.get('tls-key')) ?? nonEmpty(env.TLS_KEY);
	if (certFile !== undefined && keyFile !== undefined) {
		// Given files mean HTTPS whatever HTTPS says: they are the more specific setting.
		return { kind: 'files', certFile: resolve(certFile), keyFile: resolve(keyFile) };
	}
	if (certFile !== undefined || keyFile !== undefined) {
		const missing = certFile === undefined ? 'TLS_CERT (--tls-cert)' : 'TLS_KEY (--tls-key)';
		throw new ConfigError(
			`${missing} is missing: HTTPS needs both a certificate and its key. Use --https for a self-signed one.`
		);
	}
	const https = switches.has('https') || booleanVariable(env, 'HTTPS', false);
	return https ? { kind: 'self-signed' } : null;
}
