import type { IncomingMessage } from 'node:http';
import { isIP, isIPv4, isIPv6 } from 'node:net';

/** Turns one `X-Forwarded-For` entry (some proxies add a port) into a bare address, or null. */
function forwardedAddress(entry: string): string | null {
	if (isIP(entry) !== 0) return entry;
	const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
	if (bracketed?.[1] !== undefined && isIPv6(bracketed[1])) return bracketed[1];
	const withPort = /^([\d.]+):\d{1,5}$/.exec(entry);
	if (withPort?.[1] !== undefined && isIPv4(withPort[1])) return withPort[1];
	return null;
}

/**
 * The address a request came from. Only behind a trusted proxy is `X-Forwarded-For` read, and
 * then only its right-most entry: the one the proxy appended. Entries to its left are whatever
 * the client sent, so trusting them would let anyone pick their own address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
	const socketAddress = req.socket.remoteAddress ?? 'unknown';
	if (!trustProxy) return socketAddress;
	const header = req.headers['x-forwarded-for'];
	const text = Array.isArray(header) ? header.join(',') : header;
	const last = text?.split(',').pop()?.trim();
	const forwarded = last === undefined ? null : forwardedAddress(last);
	return forwarded ?? socketAddress;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
	let text = address;
	const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (v4) {
		const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
		text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', tail] = text.split('::');
	const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
	const before = parse(head);
	const after = tail === undefined ? [] : parse(tail);
	return [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/**
 * The key public-code guesses count under: an IPv6 /64 key widened to its /48, the block one
 * site is usually given, so that a site cannot spread guesses over 65,536 /64s. Other keys stay.
 */
export function guessKey(key: string): string {
	const v6 = /^([0-9a-f]+):([0-9a-f]+):([0-9a-f]+):[0-9a-f]+::\/64$/.exec(key);
	return v6 ? `${v6[1]}:${v6[2]}:${v6[3]}::/48` : key;
}

/**
 * The key per-address limits count under. An IPv6 host usually owns a whole /64 and can use
 * any address in it, so IPv6 clients are grouped by /64; IPv4-mapped addresses count as IPv4.
 */
export function addressKey(address: string): string {
	const bare = address.split('%', 1)[0] ?? address;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
	if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
	if (!isIPv6(bare)) return bare;
	const prefix = ipv6Groups(bare)
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':');
	return `${prefix}::/64`;
}
