import { isIPv4 } from 'node:net';

/** Which devices see each other nearby: one network, as the server can tell from addresses. */
export interface NetworkGroup {
	key: string;
	/** A private or loopback network (a server on the LAN), not a public address behind NAT. */
	lan: boolean;
}

const LOOPBACK: NetworkGroup = { key: 'loopback', lan: true };

function privateV4Prefix(address: string): string | null {
	const [a = 0, b = 0, c = 0] = address.split('.').map(Number);
	const isPrivate =
		a === 10 ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254);
	return isPrivate ? `${a}.${b}.${c}` : null;
}

/**
 * The network group of a client, from its `addressKey` (an IPv4 address, or an IPv6 /64):
 * behind NAT, one public address; on a LAN server, one private /24 (or unique-local or
 * link-local /64). Loopback joins the server's own LAN, `loopbackGroup`, when it has one: the
 * laptop that runs the server and opened `localhost` sees the phone on the Wi-Fi.
 */
export function networkGroup(addressKey: string, loopbackGroup: NetworkGroup | null = null): NetworkGroup {
	if (isIPv4(addressKey)) {
		if (addressKey.startsWith('127.')) return loopbackGroup ?? LOOPBACK;
		const prefix = privateV4Prefix(addressKey);
		return prefix ? { key: `lan4:${prefix}`, lan: true } : { key: `ip:${addressKey}`, lan: false };
	}
	const v6 = /^([0-9a-f]+):[0-9a-f:]*::\/64$/.exec(addressKey);
	if (!v6) return { key: `other:${addressKey}`, lan: false };
	if (addressKey === '0:0:0:0::/64') return loopbackGroup ?? LOOPBACK;
	const first = parseInt(v6[1] ?? '0', 16);
	const local = (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
	return local ? { key: `lan6:${addressKey}`, lan: true } : { key: `ip:${addressKey}`, lan: false };
}

/** The group of the server's first LAN address (from its LAN URLs), if it is a private one. */
export function serverLanGroup(lanUrls: readonly string[]): NetworkGroup | null {
	for (const url of lanUrls) {
		let host: string;
		try {
			host = new URL(url).hostname;
		} catch {
			continue;
		}
		if (!isIPv4(host)) continue;
		const group = networkGroup(host);
		if (group.lan && group.key !== LOOPBACK.key) return group;
	}
	return null;
}
