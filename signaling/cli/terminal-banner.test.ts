import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrTargetFor, renderBanner } from './terminal-banner';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const QR_LINE = /^[ ▄▀█]+$/;

/** The lines of the banner that draw the QR code, without colour codes. */
function qrLines(banner: string): string[] {
	return banner
		.split('\n')
		.map((line) => line.replace(ANSI, ''))
		.filter((line) => QR_LINE.test(line) && /[▄▀█]/.test(line));
}

/**
 * Reads the QR code back, as a phone would: each character is two modules stacked (`▀` dark
 * on top, `▄` dark below), drawn dark on light, scaled up with a wide light margin.
 */
function decodeQr(lines: readonly string[]): string | null {
	const rows: boolean[][] = [];
	for (const line of lines) {
		const chars = [...line];
		rows.push(chars.map((c) => c === '▀' || c === '█'));
		rows.push(chars.map((c) => c === '▄' || c === '█'));
	}
	const scale = 4;
	const margin = 8;
	const modules = Math.max(...rows.map((r) => r.length));
	const width = (modules + 2 * margin) * scale;
	const height = (rows.length + 2 * margin) * scale;
	const pixels = new Uint8ClampedArray(width * height * 4).fill(255);
	rows.forEach((row, y) =>
		row.forEach((dark, x) => {
			if (!dark) return;
			for (let dy = 0; dy < scale; dy++) {
				for (let dx = 0; dx < scale; dx++) {
					const i = (((y + margin) * scale + dy) * width + (x + margin) * scale + dx) * 4;
					pixels.fill(0, i, i + 3);
				}
			}
		})
	);
	return jsQR(pixels, width, height)?.data ?? null;
}

describe('renderBanner', () => {
	it('lists the URLs and draws a QR code of the first LAN one', async () => {
		const banner = await renderBanner({
			localUrl: 'http://localhost:3000',
			networkUrls: ['http://192.168.1.20:3000', 'http://10.0.0.5:3000'],
			qrTarget: 'http://192.168.1.20:3000'
		});
		expect(banner).toMatch(/^VanishDrop is running\n {2}Local: {3}http:\/\/localhost:3000\n/);
		expect(banner).toContain('  Network: http://192.168.1.20:3000\n  Network: http://10.0.0.5:3000\n');
		expect(banner).toContain('Scan to open on your phone');
		const lines = qrLines(banner);
		expect(lines.length).toBeGreaterThan(10);
		expect(decodeQr(lines)).toBe('http://192.168.1.20:3000');
		expect(banner.endsWith('\n')).toBe(true);
	});

	it('says when there is no LAN address, and adds notes under the URLs', async () => {
		const banner = await renderBanner({
			localUrl: 'https://localhost:3000',
			networkUrls: [],
			qrTarget: 'https://localhost:3000',
			notes: ['  TLS:     self-signed']
		});
		expect(banner).toContain(
			'  Network: no LAN address found (or bound to loopback)\n  TLS:     self-signed\n'
		);
		expect(decodeQr(qrLines(banner))).toBe('https://localhost:3000');
	});

	it('prints a room link alone on its line, above its QR code', async () => {
		const link = 'https://192.168.1.20:3000/r/a8rV9u94EVRbkp8ZD5Tyzg#FP7lWyoPicAE3Czt21f_vg';
		const banner = await renderBanner({
			localUrl: 'https://localhost:3000',
			networkUrls: ['https://192.168.1.20:3000'],
			qrTarget: link,
			room: true
		});
		expect(banner.split('\n')).toContain(link);
		expect(banner).toContain('Anyone with this link can join');
		expect(banner).not.toContain('Scan to open on your phone:');
		expect(decodeQr(qrLines(banner))).toBe(link);
	});
});

describe('qrTargetFor', () => {
	it('prefers the first LAN URL and falls back to the local one', () => {
		expect(qrTargetFor('http://localhost:3000', ['http://10.0.0.5:3000', 'http://[fd00::7]:3000'])).toBe(
			'http://10.0.0.5:3000'
		);
		expect(qrTargetFor('http://localhost:3000', [])).toBe('http://localhost:3000');
	});
});
