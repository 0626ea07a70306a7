import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * Watches for traffic meant for the world from inside the private network namespace of
 * `netns-exec`, where nothing else runs. A browser that resolves every name to loopback (Firefox
 * with `network.dns.forceResolve`) reaches a service of the internet here, on 127.0.0.1:80 or
 * :443; anything else that tries to leave shows up as a packet out of an interface other than
 * loopback.
 */
export interface NetworkSentinel {
	/** `host:port` of every connection to the sentinel (the TLS server name or the HTTP Host). */
	connections(): string[];
	/** Packets sent out of interfaces other than loopback since the sentinel started. */
	packetsOut(): number;
	/**
	 * What those packets were, one entry per kind with its count (`udp 224.0.0.251:5353 ×2`,
	 * `arp who-has 10.213.0.2 ×1`), for a failure message; empty without `nft`.
	 */
	packetsOutByKind(): string[];
	close(): Promise<void>;
}

const WORLD_PORTS = [80, 443];

/** Transmitted packets of every interface but loopback, from /proc/net/dev. */
function packetsSent(): number {
	let sum = 0;
	for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
		const [name, counters] = line.split(':');
		if (!counters || name!.trim() === 'lo') continue;
		sum += Number(counters.trim().split(/\s+/)[9]);
	}
	return sum;
}

/**
 * nftables sets that learn the destination of every packet that leaves by an interface other
 * than loopback (IPv6 is off on the namespace's veth pair), with a counter per destination.
 */
const PACKET_LOG = `
table inet vanishdrop_sentinel {
	set ports { type inet_proto . ipv4_addr . inet_service; flags dynamic; counter; }
	set hosts { type inet_proto . ipv4_addr; flags dynamic; counter; }
	chain out {
		type filter hook output priority 0; policy accept;
		oifname "lo" accept
		meta nfproto ipv4 meta l4proto { tcp, udp } add @ports { meta l4proto . ip daddr . th dport }
		meta nfproto ipv4 meta l4proto != { tcp, udp } add @hosts { meta l4proto . ip daddr }
	}
}
table arp vanishdrop_sentinel {
	set asked { type ipv4_addr; flags dynamic; counter; }
	chain out {
		type filter hook output priority 0; policy accept;
		add @asked { arp daddr ip }
	}
}`;

type NftElement = { elem?: { val?: unknown; counter?: { packets?: number } } };

function nft(args: string[], input?: string): string | null {
	try {
		return execFileSync('nft', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
	} catch {
		return null;
	}
}

/** `udp 224.0.0.251:5353 ×2` for each element of one of `PACKET_LOG`'s sets. */
function loggedKinds(family: 'inet' | 'arp', set: string): string[] {
	const json = nft(['-j', 'list', 'set', family, 'vanishdrop_sentinel', set]);
	if (!json) return [];
	const parsed = JSON.parse(json) as { nftables?: { set?: { elem?: NftElement[] } }[] };
	const elements = parsed.nftables?.flatMap((item) => item.set?.elem ?? []) ?? [];
	return elements.map(({ elem }) => {
		const val = elem?.val;
		const parts =
			typeof val === 'object' && val !== null && 'concat' in val ? (val.concat as unknown[]) : [val];
		const [proto, address, port] = parts.map(String);
		const what = family === 'arp' ? `arp who-has ${proto}` : `${proto} ${address}${port ? `:${port}` : ''}`;
		return `${what} ×${elem?.counter?.packets ?? '?'}`;
	});
}

/** The server name of a TLS ClientHello, or the Host of an HTTP request, or null. */
export function requestedHost(first: Buffer): string | null {
	const http = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n(?:.*\r\n)*?host: *([^\r\n]+)/i.exec(first.toString('latin1'));
	if (http) return http[1]!;
	// Record header (5), handshake header (4), version (2), random (32), then variable parts.
	if (first[0] !== 0x16 || first[5] !== 0x01) return null;
	try {
		return serverName(first);
	} catch {
		return null; // cut short: a hello in more than one packet
	}
}

function serverName(first: Buffer): string | null {
	let at = 43;
	at += 1 + first[at]!; // session id
	at += 2 + first.readUInt16BE(at); // cipher suites
	at += 1 + first[at]!; // compression methods
	const end = at + 2 + first.readUInt16BE(at);
	for (at += 2; at + 4 <= Math.min(end, first.length);) {
		const type = first.readUInt16BE(at);
		const length = first.readUInt16BE(at + 2);
		// server_name: list length (2), name type (1), name length (2), name.
		if (type === 0) return first.subarray(at + 9, at + 9 + first.readUInt16BE(at + 7)).toString('latin1');
		at += 4 + length;
	}
	return null;
}

/** How long the namespace must send nothing before the sentinel counts, and the longest wait. */
const QUIET_MS = 3_000;
const QUIET_WAIT_MAX_MS = 30_000;

/**
 * Resolves once no packet has left for `QUIET_MS` (or after `QUIET_WAIT_MAX_MS`): what the last
 * test's browsers left behind is not counted against the next. A Chromium that quits leaves its
 * mDNS group (224.0.0.251), and the kernel then sends IGMP reports for a second or more, from
 * the exit of a network process that may outlive `browser.close()`.
 */
async function quiet(): Promise<void> {
	const started = Date.now();
	let sent = packetsSent();
	let quietSince = started;
	while (Date.now() - quietSince < QUIET_MS && Date.now() - started < QUIET_WAIT_MAX_MS) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		const now = packetsSent();
		if (now !== sent) quietSince = Date.now();
		sent = now;
	}
}

/**
 * Starts the sentinel once the namespace is quiet, or returns null outside a private namespace:
 * elsewhere the ports may be taken or privileged, and the machine's own traffic would count.
 */
export async function startNetworkSentinel(): Promise<NetworkSentinel | null> {
	if (process.env.NETNS_EXEC_INSIDE !== '1') return null;
	await quiet();
	const seen: string[] = [];
	const servers = await Promise.all(
		WORLD_PORTS.map(
			(port) =>
				new Promise<net.Server>((resolve, reject) => {
					const server = net.createServer((socket) => {
						// Counted on connect: a client may close before it says anything.
						const at = seen.push(`?:${port}`) - 1;
						socket.on('error', () => socket.destroy());
						socket.once('data', (first) => {
							seen[at] = `${requestedHost(first) ?? '?'}:${port}`;
							socket.destroy();
						});
					});
					server.once('error', reject);
					server.listen(port, '127.0.0.1', () => resolve(server));
				})
		)
	);
	// Without nft (or its kernel modules) the count still holds; only the detail is missing.
	nft(['delete', 'table', 'inet', 'vanishdrop_sentinel']);
	nft(['delete', 'table', 'arp', 'vanishdrop_sentinel']);
	nft(['-f', '-'], PACKET_LOG);
	const before = packetsSent();
	return {
		connections: () => [...seen],
		packetsOut: () => packetsSent() - before,
		packetsOutByKind: () => [
			...loggedKinds('inet', 'ports'),
			...loggedKinds('inet', 'hosts'),
			...loggedKinds('arp', 'asked')
		],
		close: async () => {
			nft(['delete', 'table', 'inet', 'vanishdrop_sentinel']);
			nft(['delete', 'table', 'arp', 'vanishdrop_sentinel']);
			await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
		}
	};
}
