import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { promisify } from 'node:util';
import { ConfigError } from '../config-error';
import { DEFAULTS } from '../defaults';
import { lanAddresses } from './lan-addresses';

/** What `https.createServer` needs: a PEM certificate (chain) and its private key. */
export interface TlsCredentials {
	cert: string | Buffer;
	key: string | Buffer;
}

// Apple platforms refuse TLS server certificates valid for longer than 825 days.
const VALIDITY_DAYS = 825;
// A certificate this close to expiry is replaced before it starts failing mid-use.
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const run = promisify(execFile);

function readPem(file: string, what: string): Buffer {
	try {
		return readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT'
				? 'it does not exist'
				: code === 'EACCES'
					? 'permission denied'
					: code === 'EISDIR'
						? 'it is a folder'
						: error instanceof Error
							? error.message
							: String(error);
		throw new ConfigError(`Cannot read ${what} "${file}": ${reason}.`);
	}
}

/**
 * Reads TLS_CERT/TLS_KEY and checks that they are PEM and belong together, so a mistake is
 * reported at start rather than as a failed handshake on a phone.
 */
export function readTlsFiles(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
	const cert = readPem(certFile, 'the TLS certificate (TLS_CERT)');
	const key = readPem(keyFile, 'the TLS key (TLS_KEY)');
	try {
		createSecureContext({ cert, key });
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new ConfigError(
			`TLS_CERT and TLS_KEY must be a PEM certificate and its unencrypted PEM private key (${reason}).`
		);
	}
	return { cert, key };
}

export interface SelfSignedOptions {
	/** Default `DEFAULTS.certDir`: `.certs/` at the repository root. */
	dir?: string;
	/** IP addresses the certificate must name besides 127.0.0.1. Default: the LAN IPv4 addresses. */
	ipAddresses?: readonly string[];
	/** The openssl executable. Default `openssl` on the PATH. */
	openssl?: string;
	/** Default now; for expiry checks. */
	now?: Date;
}

export interface SelfSignedCertificate {
	cert: Buffer;
	key: Buffer;
	certFile: string;
	keyFile: string;
	/** True when this call generated the pair. */
	created: boolean;
	/** Every IP address the certificate names. */
	ipAddresses: string[];
}

/** The IPv4 addresses other devices on the LAN may use to reach this machine. */
export function lanIpv4Addresses(): string[] {
	return lanAddresses().filter((address) => !address.includes(':'));
}

/** The existing pair, if it can be read, matches, is not near expiry and names every address. */
function reusable(
	certFile: string,
	keyFile: string,
	ipAddresses: readonly string[],
	now: Date
): { cert: Buffer; key: Buffer } | null {
	try {
		const cert = readFileSync(certFile);
		const key = readFileSync(keyFile);
		const x509 = new X509Certificate(cert);
		if (!x509.checkPrivateKey(createPrivateKey(key))) return null;
		if (new Date(x509.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return null;
		if (ipAddresses.some((ip) => x509.checkIP(ip) === undefined)) return null;
		return { cert, key };
	} catch {
		return null;
	}
}

/** Makes a new pair with the openssl CLI; a failure is a `ConfigError` that says what to do. */
async function createWithOpenssl(
	openssl: string,
	dir: string,
	files: { certFile: string; keyFile: string },
	ipAddresses: readonly string[]
): Promise<void> {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const subjectAltName = ['DNS:localhost', ...ipAddresses.map((ip) => `IP:${ip}`)].join(',');
	try {
		await run(openssl, [
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			String(VALIDITY_DAYS),
			'-subj',
			'/CN=VanishDrop',
			'-keyout',
			files.keyFile,
			'-out',
			files.certFile,
			'-addext',
			`subjectAltName=${subjectAltName}`,
			// Firefox refuses a CA certificate as a site's own; OpenSSL makes one unless told.
			'-addext',
			'basicConstraints=critical,CA:FALSE',
			'-addext',
			'extendedKeyUsage=serverAuth'
		]);
	} catch (error) {
		const failure = error as NodeJS.ErrnoException & { stderr?: string };
		if (failure.code === 'ENOENT') {
			throw new ConfigError(
				`--https needs the openssl command to create a self-signed certificate, and "${openssl}" was not found. ` +
					'Install OpenSSL, or give your own certificate with TLS_CERT=cert.pem TLS_KEY=key.pem ' +
					'(or --tls-cert and --tls-key).'
			);
		}
		const detail = (failure.stderr ?? '').trim().split('\n').slice(-3).join(' ');
		throw new ConfigError(
			`openssl could not create a certificate in ${dir}: ${detail || failure.message}. ` +
				'Give your own with TLS_CERT and TLS_KEY instead.'
		);
	}
	chmodSync(files.keyFile, 0o600);
}

/**
 * A self-signed certificate for `--https`, created with the openssl CLI (Node cannot issue
 * X.509 certificates) in `dir` on first use and replaced when it no longer names every LAN
 * address: a laptop that moves to another network gets a new one, which browsers ask about again.
 */
export async function ensureSelfSignedCertificate(
	options: SelfSignedOptions = {}
): Promise<SelfSignedCertificate> {
	const dir = options.dir ?? DEFAULTS.certDir;
	const ipAddresses = [...new Set(['127.0.0.1', ...(options.ipAddresses ?? lanIpv4Addresses())])];
	const certFile = join(dir, 'cert.pem');
	const keyFile = join(dir, 'key.pem');

	const existing = reusable(certFile, keyFile, ipAddresses, options.now ?? new Date());
	if (existing) return { ...existing, certFile, keyFile, created: false, ipAddresses };

	await createWithOpenssl(options.openssl ?? 'openssl', dir, { certFile, keyFile }, ipAddresses);
	return {
		cert: readFileSync(certFile),
		key: readFileSync(keyFile),
		certFile,
		keyFile,
		created: true,
		ipAddresses
	};
}
