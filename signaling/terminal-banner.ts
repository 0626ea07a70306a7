import QRCode from 'qrcode';

export interface BannerOptions {
	/** `http://localhost:3000`. */
	localUrl: string;
	/** The LAN URLs that reach this server; may be empty. */
	networkUrls: readonly string[];
	/** What the QR code opens: usually `qrTargetFor(localUrl, networkUrls)`. */
	qrTarget: string;
	/** The QR code opens a private room: its link is printed alone on a line, to copy. */
	room?: boolean;
	/** Extra lines after the addresses, such as a note about the certificate. */
	notes?: readonly string[];
}

/** The URL a phone on the same network can open: the first LAN one, else the local one. */
export function qrTargetFor(localUrl: string, networkUrls: readonly string[]): string {
	return networkUrls[0] ?? localUrl;
}

/** The start-up text: where the app runs, and a QR code for a phone to open it. */
export async function renderBanner(options: BannerOptions): Promise<string> {
	const { localUrl, networkUrls, qrTarget } = options;
	const lines = ['VanishDrop is running', `  Local:   ${localUrl}`];
	if (networkUrls.length === 0) lines.push('  Network: no LAN address found (or bound to loopback)');
	for (const url of networkUrls) lines.push(`  Network: ${url}`);
	lines.push(...(options.notes ?? []), '');
	if (options.room) {
		lines.push(
			'A new private room. Anyone with this link can join it:',
			qrTarget,
			'Scan to open it on your phone:'
		);
	} else {
		lines.push('Scan to open on your phone:');
	}
	const qr = await QRCode.toString(qrTarget, { type: 'terminal', small: true });
	// The renderer ends with a line holding only colour codes.
	lines.push(qr.replace(/\n[^\n]*$/, ''));
	return `${lines.join('\n')}\n`;
}
