import { relative } from 'node:path';
import type { TlsSource } from '../config/parse-config';
import { ensureSelfSignedCertificate, readTlsFiles, type TlsCredentials } from '../http/tls-certificate';

export interface LoadedTls {
	credentials: TlsCredentials;
	/** Lines for the banner about the certificate. */
	notes: string[];
}

/** The certificate and key `source` names, or a self-signed pair made (or reused) for `--https`. */
export async function loadTls(source: TlsSource | null): Promise<LoadedTls | null> {
	if (source === null) return null;
	if (source.kind === 'files')
		return { credentials: readTlsFiles(source.certFile, source.keyFile), notes: [] };
	const generated = await ensureSelfSignedCertificate();
	const where = relative(process.cwd(), generated.certFile) || generated.certFile;
	const notes = [
		generated.created
			? `  TLS:     created a self-signed certificate for localhost, ${generated.ipAddresses.join(', ')} (${where})`
			: `  TLS:     self-signed certificate ${where}`,
		'           browsers warn once per device: choose to continue to the site'
	];
	return { credentials: { cert: generated.cert, key: generated.key }, notes };
}
