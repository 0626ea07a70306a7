import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../project-root';

/** The `turnserver.conf` the README gives operators, as its lines. */
function readmeCoturnConfig(): string[] {
	const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('### TURN with coturn'));
	const block = /```ini\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	return block.split('\n').map((line) => line.trim());
}

describe("the README's coturn configuration", () => {
	const lines = readmeCoturnConfig();

	it('caps what one credential, the whole relay and one session may use', () => {
		for (const setting of ['user-quota', 'total-quota', 'max-bps']) {
			expect(
				lines.some((line) => new RegExp(`^${setting}=\\d+$`).test(line)),
				setting
			).toBe(true);
		}
	});

	it('denies relaying into this-network, IPv4-mapped, NAT64, benchmarking and reserved ranges', () => {
		for (const range of [
			'0.0.0.0-0.255.255.255',
			'::ffff:0.0.0.0-::ffff:255.255.255.255',
			'64:ff9b::-64:ff9b::ffff:ffff',
			'198.18.0.0-198.19.255.255',
			'240.0.0.0-255.255.255.255'
		]) {
			expect(lines, range).toContain(`denied-peer-ip=${range}`);
		}
	});
});
