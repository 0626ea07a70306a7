import { correction, generate, type Bitmap2D } from 'lean-qr';

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
	lines.push(...terminalQr(generate(qrTarget, { minCorrectionLevel: correction.M })));
	return `${lines.join('\n')}\n`;
}

/** Black on white whatever the terminal's colours, with a one-module light margin. */
const DARK_ON_LIGHT = '\x1b[47m\x1b[30m';
const RESET = '\x1b[0m';
const MARGIN = 1;

/**
 * A QR code in half blocks, two rows of modules per line of text (`▀` dark on top, `▄` dark
 * below, `█` both), so that it fits a terminal's height.
 */
export function terminalQr(code: Bitmap2D): string[] {
	const lines: string[] = [];
	for (let y = -MARGIN; y < code.size + MARGIN; y += 2) {
		let line = '';
		for (let x = -MARGIN; x < code.size + MARGIN; x++) {
			const top = code.get(x, y);
			const bottom = y + 1 < code.size + MARGIN && code.get(x, y + 1);
			line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
		}
		lines.push(DARK_ON_LIGHT + line + RESET);
	}
	return lines;
}
