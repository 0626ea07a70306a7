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

/**
 * Starts the sentinel, or returns null outside a private namespace: elsewhere the ports may be
 * taken or privileged, and the machine's own traffic would count.
 */
export async function startNetworkSentinel(): Promise<NetworkSentinel | null> {
	if (process.env.NETNS_EXEC_INSIDE !== '1') return null;
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
	const before = packetsSent();
	return {
		connections: () => [...seen],
		packetsOut: () => packetsSent() - before,
		close: async () => {
			await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
		}
	};
}
