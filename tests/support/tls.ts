import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSelfSignedCertificate, type TlsCredentials } from '../../signaling/http/tls-certificate';

let openssl: boolean | undefined;

/**
 * Whether the openssl command, which makes test certificates, is on the PATH. Asked once, on
 * first use: importing this module runs nothing.
 */
export function hasOpenssl(): boolean {
	openssl ??= spawnSync('openssl', ['version']).status === 0;
	return openssl;
}

export interface TestCertificate extends TlsCredentials {
	dir: string;
	/** Deletes the certificate's folder. */
	remove(): void;
}

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1, made by openssl when called,
 * in a new temporary folder.
 */
export async function testCertificate(): Promise<TestCertificate> {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-tls-'));
	const { cert, key } = await ensureSelfSignedCertificate({ dir, ipAddresses: [] });
	return { cert, key, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SimpleResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A GET over HTTPS that accepts a self-signed certificate (`fetch` cannot be told to). */
export function httpsGet(url: string, headers: Record<string, string> = {}): Promise<SimpleResponse> {
	return new Promise((resolve, reject) => {
		const req = httpsRequest(url, { rejectUnauthorized: false, headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}
