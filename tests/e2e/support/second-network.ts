import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromiumExecutable } from '../../support/chromium';

const run = promisify(execFile);

/** The veth pair between the test's namespace (`.1`) and the second one (`.2`). */
const SUBNET = '10.214.0';
const HERE = `${SUBNET}.1`;
const THERE = `${SUBNET}.2`;
const LINK_HERE = 'vd-here';
const LINK_THERE = 'vd-there';

/**
 * A second private network namespace inside the one `netns-exec` made, joined to it by a veth
 * pair: a device there reaches the test's servers only over that pair, so taking the pair's
 * path away cuts that one device off, as a phone leaving Wi-Fi is, and nobody else.
 */
export interface SecondNetwork {
	/** A Chromium that runs inside the second namespace (a wrapper around the usual one). */
	readonly chromium: string;
	/** `http://10.214.0.1:<port>`: the server at `url`, as a device in the second namespace reaches it. */
	reach(url: string): Promise<string>;
	/** Traffic into the second namespace goes no faster than `rate` (a `tc` rate: `6mbit`). */
	throttle(rate: string): Promise<void>;
	/**
	 * Every packet to and from the second namespace is dropped, until `restore`; with
	 * `keepSignaling`, all but the TCP to the servers `reach` forwards to (ICE over TCP too goes).
	 */
	cut(options?: { keepSignaling?: boolean }): Promise<void>;
	restore(): Promise<void>;
	close(): Promise<void>;
}

async function ipThere(pid: number, ...args: string[]): Promise<void> {
	await run('nsenter', [`--net=/proc/${pid}/ns/net`, ...args]);
}

/** A process that only holds the new namespace open; it is ended on close. */
async function holdNamespace(): Promise<ChildProcess & { pid: number }> {
	const holder = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
	const ours = readlinkSync('/proc/self/ns/net');
	for (let i = 0; i < 100; i++) {
		const pid = holder.pid;
		if (pid && readlinkSync(`/proc/${pid}/ns/net`, { encoding: 'utf8' }) !== ours)
			return holder as ChildProcess & { pid: number };
		await new Promise((r) => setTimeout(r, 20));
	}
	holder.kill();
	throw new Error('the second namespace did not come up (is this run inside netns-exec, as root?)');
}

/** A TCP forwarder on `10.214.0.1`: the servers of the test listen on loopback only. */
function forward(port: number, sockets: Set<Socket>): Promise<Server> {
	const server = createServer((inbound) => {
		const outbound = connect(port, '127.0.0.1');
		for (const s of [inbound, outbound]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => inbound.destroy());
		}
		outbound.on('error', () => inbound.destroy());
		inbound.pipe(outbound).pipe(inbound);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HERE, () => resolve(server));
	});
}

export async function openSecondNetwork(): Promise<SecondNetwork> {
	if (process.env.NETNS_EXEC_INSIDE !== '1')
		throw new Error('run this test through ../shared/tools/netns-exec');
	const holder = await holdNamespace();
	const pid = holder.pid;
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-second-network-'));
	const forwarders: Server[] = [];
	const sockets = new Set<Socket>();
	// IPv6 stays off, as in netns-exec: addresses appearing later make Chromium see a network change.
	await run('ip', [
		'link',
		'add',
		LINK_HERE,
		'type',
		'veth',
		'peer',
		'name',
		LINK_THERE,
		'netns',
		String(pid)
	]);
	await run('sysctl', ['-qw', `net.ipv6.conf.${LINK_HERE}.disable_ipv6=1`]);
	await run('ip', ['addr', 'add', `${HERE}/24`, 'dev', LINK_HERE]);
	await run('ip', ['link', 'set', LINK_HERE, 'up']);
	await ipThere(pid, 'sysctl', '-qw', `net.ipv6.conf.${LINK_THERE}.disable_ipv6=1`);
	await ipThere(pid, 'ip', 'link', 'set', 'lo', 'up');
	await ipThere(pid, 'ip', 'addr', 'add', `${THERE}/24`, 'dev', LINK_THERE);
	await ipThere(pid, 'ip', 'link', 'set', LINK_THERE, 'up');
	await ipThere(pid, 'ip', 'route', 'add', 'default', 'via', HERE, 'dev', LINK_THERE);
	const chromium = join(dir, 'chromium-in-second-network');
	const real = chromiumExecutable() ?? 'chromium';
	writeFileSync(chromium, `#!/bin/sh\nexec nsenter --net=/proc/${pid}/ns/net ${real} "$@"\n`);
	chmodSync(chromium, 0o755);
	const nft = (script: string) => ipThere(pid, 'nft', script);
	return {
		chromium,
		async reach(url) {
			const server = await forward(Number(new URL(url).port), sockets);
			forwarders.push(server);
			const address = server.address();
			if (!address || typeof address === 'string') throw new Error('the forwarder has no port');
			return `http://${HERE}:${address.port}`;
		},
		async throttle(rate) {
			await run('tc', [
				'qdisc',
				'add',
				'dev',
				LINK_HERE,
				'root',
				'tbf',
				'rate',
				rate,
				'burst',
				'32kbit',
				'latency',
				'400ms'
			]);
		},
		async cut({ keepSignaling = false } = {}) {
			const ports = forwarders.map((f) => (f.address() as AddressInfo).port).join(', ');
			const keep =
				keepSignaling && ports
					? `add rule inet cut in ip saddr ${HERE} tcp sport { ${ports} } accept; ` +
						`add rule inet cut out ip daddr ${HERE} tcp dport { ${ports} } accept; `
					: '';
			await nft(
				'add table inet cut; ' +
					'add chain inet cut in { type filter hook input priority 0; policy drop; }; ' +
					'add chain inet cut out { type filter hook output priority 0; policy drop; }; ' +
					'add rule inet cut in iifname "lo" accept; add rule inet cut out oifname "lo" accept; ' +
					keep
			);
		},
		async restore() {
			await nft('delete table inet cut');
		},
		async close() {
			for (const s of sockets) s.destroy();
			await Promise.all(forwarders.map((f) => new Promise((r) => f.close(r))));
			holder.kill();
			await run('ip', ['link', 'del', LINK_HERE]).catch(() => undefined);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
