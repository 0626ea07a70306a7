import { readFileSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type InterfaceMap = NodeJS.Dict<NetworkInterfaceInfo[]>;

// Bridges of containers and VMs are rarely reachable from a phone on the same Wi-Fi.
const VIRTUAL_INTERFACE = /^(?:docker|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman|tailscale|zt)/i;

function isLinkLocalV4(address: string): boolean {
	return address.startsWith('169.254.');
}

function isLinkLocalV6(address: string): boolean {
	return /^fe[89ab]/i.test(address);
}

/**
 * The interface of the IPv4 default route (Linux), or null: the one that faces the network the
 * other devices are on.
 */
export function defaultRouteInterface(routeTable?: string): string | null {
	let table = routeTable;
	if (table === undefined) {
		try {
			table = readFileSync('/proc/net/route', 'utf8');
		} catch {
			return null;
		}
	}
	for (const line of table.split('\n').slice(1)) {
		const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
		if (iface && destination === '00000000' && mask === '00000000') return iface;
	}
	return null;
}

type Candidate = { address: string; rank: number };

/**
 * Addresses on which other machines on the LAN may reach this one, best first: non-internal
 * IPv4, then non-internal, non-link-local IPv6. Within each family the default route's
 * interface comes first and virtual bridges last.
 */
export function lanAddresses(
	interfaces: InterfaceMap = networkInterfaces(),
	defaultInterface: string | null = defaultRouteInterface()
): string[] {
	const v4: Candidate[] = [];
	const v6: Candidate[] = [];
	for (const [name, infos] of Object.entries(interfaces)) {
		const virtual = name === defaultInterface ? 0 : VIRTUAL_INTERFACE.test(name) ? 2 : 1;
		for (const info of infos ?? []) {
			if (info.internal) continue;
			if (info.family === 'IPv4' && !isLinkLocalV4(info.address)) {
				v4.push({ address: info.address, rank: virtual });
			} else if (info.family === 'IPv6' && !isLinkLocalV6(info.address)) {
				v6.push({ address: info.address, rank: virtual });
			}
		}
	}
	// Array.prototype.sort is stable, so interface order is kept within each group.
	const ordered = [...v4.sort(byRank), ...v6.sort(byRank)].map((a) => a.address);
	return [...new Set(ordered)];
}

function byRank(a: Candidate, b: Candidate): number {
	return a.rank - b.rank;
}

export function urlHost(address: string): string {
	return address.includes(':') ? `[${address}]` : address;
}

/** `http://192.168.1.20:3000`-style URLs for every LAN address. */
export function lanUrls(
	protocol: 'http' | 'https',
	port: number,
	addresses: readonly string[] = lanAddresses()
): string[] {
	return addresses.map((address) => `${protocol}://${urlHost(address)}:${port}`);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The LAN URLs that actually reach a server listening on `bindHost`: none on loopback,
 * IPv4 only on `0.0.0.0`, every address on `::`, and a specific address only if it is one.
 */
export function reachableLanUrls(
	bindHost: string,
	protocol: 'http' | 'https',
	port: number,
	interfaces: InterfaceMap = networkInterfaces()
): string[] {
	if (LOOPBACK.has(bindHost) || bindHost.startsWith('127.')) return [];
	const addresses = lanAddresses(interfaces);
	if (bindHost === '0.0.0.0')
		return lanUrls(
			protocol,
			port,
			addresses.filter((a) => !a.includes(':'))
		);
	if (bindHost === '::' || bindHost === '') return lanUrls(protocol, port, addresses);
	return lanUrls(protocol, port, addresses.includes(bindHost) ? [bindHost] : []);
}
