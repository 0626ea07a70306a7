import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/parse-config';
import { hasOpenssl } from '../../tests/support/tls';
import { ensureSelfSignedCertificate, readTlsFiles } from './tls-certificate';

const DAY = 24 * 60 * 60 * 1000;

let dir = '';

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'vanishdrop-certs-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasOpenssl())(
	'ensureSelfSignedCertificate (skipped: no openssl command on the PATH)',
	() => {
		it('creates a server certificate for localhost and the given addresses, with a private key', async () => {
			const certDir = join(dir, 'nested', '.certs');
			const made = await ensureSelfSignedCertificate({
				dir: certDir,
				ipAddresses: ['192.168.1.20', '10.0.0.5']
			});
			expect(made).toMatchObject({
				created: true,
				certFile: join(certDir, 'cert.pem'),
				keyFile: join(certDir, 'key.pem'),
				ipAddresses: ['127.0.0.1', '192.168.1.20', '10.0.0.5']
			});
			expect(statSync(made.keyFile).mode & 0o777).toBe(0o600);
			expect(statSync(certDir).mode & 0o077).toBe(0);

			const x509 = new X509Certificate(readFileSync(made.certFile));
			expect(x509.subject).toBe('CN=VanishDrop');
			expect(x509.checkHost('localhost')).toBe('localhost');
			for (const ip of ['127.0.0.1', '192.168.1.20', '10.0.0.5']) expect(x509.checkIP(ip)).toBe(ip);
			expect(x509.checkIP('192.168.1.21')).toBeUndefined();
			// A CA certificate used as a site's own is refused by Firefox.
			expect(x509.ca).toBe(false);
			const days = (new Date(x509.validTo).getTime() - Date.now()) / DAY;
			expect(days).toBeGreaterThan(823);
			expect(days).toBeLessThan(826);
			expect(() => readTlsFiles(made.certFile, made.keyFile)).not.toThrow();
		});

		it('reuses the pair while it names every address, and replaces it otherwise', async () => {
			const first = await ensureSelfSignedCertificate({ dir, ipAddresses: ['192.168.1.20'] });
			const again = await ensureSelfSignedCertificate({ dir, ipAddresses: ['192.168.1.20'] });
			expect(again.created).toBe(false);
			expect(again.cert.equals(first.cert)).toBe(true);
			expect(again.key.equals(first.key)).toBe(true);

			const moved = await ensureSelfSignedCertificate({ dir, ipAddresses: ['10.0.0.5'] });
			expect(moved.created).toBe(true);
			expect(new X509Certificate(moved.cert).checkIP('10.0.0.5')).toBe('10.0.0.5');

			const later = new Date(Date.now() + 810 * DAY);
			expect(
				(await ensureSelfSignedCertificate({ dir, ipAddresses: ['10.0.0.5'], now: later })).created
			).toBe(true);

			writeFileSync(join(dir, 'key.pem'), 'not a key');
			expect((await ensureSelfSignedCertificate({ dir, ipAddresses: ['10.0.0.5'] })).created).toBe(true);
		});
	}
);

describe('ensureSelfSignedCertificate without openssl', () => {
	it('explains how to give a certificate instead', async () => {
		const attempt = ensureSelfSignedCertificate({ dir, ipAddresses: [], openssl: join(dir, 'no-openssl') });
		await expect(attempt).rejects.toThrow(ConfigError);
		await expect(attempt).rejects.toThrow(/needs the openssl command.*TLS_CERT=cert\.pem TLS_KEY=key\.pem/);
	});
});

describe('readTlsFiles', () => {
	it('names a missing file', () => {
		expect(() => readTlsFiles(join(dir, 'cert.pem'), join(dir, 'key.pem'))).toThrow(ConfigError);
		expect(() => readTlsFiles(join(dir, 'cert.pem'), join(dir, 'key.pem'))).toThrow(
			`Cannot read the TLS certificate (TLS_CERT) "${join(dir, 'cert.pem')}": it does not exist.`
		);
		expect(() => readTlsFiles(dir, join(dir, 'key.pem'))).toThrow(/it is a folder/);
	});

	it('refuses files that are not a PEM certificate and key', () => {
		writeFileSync(join(dir, 'cert.pem'), 'hello');
		writeFileSync(join(dir, 'key.pem'), 'world');
		expect(() => readTlsFiles(join(dir, 'cert.pem'), join(dir, 'key.pem'))).toThrow(
			/TLS_CERT and TLS_KEY must be a PEM certificate and its unencrypted PEM private key/
		);
	});

	it.skipIf(!hasOpenssl())('refuses a key of another certificate (needs openssl)', async () => {
		const one = await ensureSelfSignedCertificate({ dir: join(dir, 'one'), ipAddresses: [] });
		const two = await ensureSelfSignedCertificate({ dir: join(dir, 'two'), ipAddresses: [] });
		expect(() => readTlsFiles(one.certFile, two.keyFile)).toThrow(/must be a PEM certificate and its/);
	});
});
