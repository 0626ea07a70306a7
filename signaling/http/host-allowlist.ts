import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isPlainHost } from './security-headers';

export interface HostAllowlistOptions {
	/** Hostnames this server answers to besides its own addresses (a domain behind a proxy). */
	allowedHosts: readonly string[];
	/** Origins allowed on the WebSocket: their hosts are this server's too. */
	allowedOrigins: readonly string[];
	/** This machine's addresses; the interfaces by default. */
	interfaceAddresses?: () => string[];
}

/** Looking up interfaces on every request is work anyone could trigger: once per 10 s is enough. */
const INTERFACES_CACHE_MS = 10_000;

function cachedInterfaceAddresses(): () => string[] {
	let cached: { addresses: string[]; until: number } | null = null;
	return () => {
		const now = performance.now();
		if (!cached || now >= cached.until) {
			const addresses = Object.values(networkInterfaces()).flatMap((infos) =>
				(infos ?? []).map((i) => i.address)
			);
			cached = { addresses, until: now + INTERFACES_CACHE_MS };
		}
		return cached.addresses;
	};
}

/** The lower-case hostname of a Host header (IPv6 without brackets), or null when it is no plain host. */
export function hostnameOf(host: string | undefined): string | null {
	if (!isPlainHost(host)) return null;
	try {
		return new URL(`http://${host}`).hostname
			.toLowerCase()
			.replace(/^\[(.*)\]$/, '$1')
			.replace(/\.$/, '');
	} catch {
		return null;
	}
}

/**
 * Names no public DNS answers (single labels, special-use and home-network suffixes): a page
 * elsewhere on the internet cannot get one rebound to this machine, and LAN names look so.
 */
const PRIVATE_NAME = /^(?:[a-z0-9-]+|.+\.(?:local|lan|home|home\.arpa|internal|localhost|test))$/;

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '::1' || (isIPv4(hostname) && hostname.startsWith('127.'));
}

/**
 * The hostnames this server answers to, for HTTP requests and WebSocket upgrades alike: a page
 * loaded through a name the attacker controls and rebinds to this machine (DNS rebinding) is
 * refused, whatever its Origin says. Allowed: localhost and loopback addresses, this machine's
 * interface addresses, names no public DNS serves (`PRIVATE_NAME`: `mypc`, `mypc.local`...), the
 * hosts of `allowedOrigins`, and `allowedHosts` (what a reverse proxy passes on as Host). Ports
 * do not matter: a proxy may change them.
 */
export function hostAllowlist(options: HostAllowlistOptions): (host: string | undefined) => boolean {
	const named = new Set(options.allowedHosts.map((h) => hostnameOf(h) ?? h.toLowerCase()));
	for (const origin of options.allowedOrigins) {
		const hostname = hostnameOf(URL.canParse(origin) ? new URL(origin).host : undefined);
		if (hostname) named.add(hostname);
	}
	const interfaces = options.interfaceAddresses ?? cachedInterfaceAddresses();
	return (host) => {
		const hostname = hostnameOf(host);
		if (hostname === null) return false;
		if (isLoopback(hostname) || named.has(hostname) || PRIVATE_NAME.test(hostname)) return true;
		return interfaces().includes(hostname);
	};
}
