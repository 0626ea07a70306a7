import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
	defaultRouteInterface,
	lanAddresses,
	lanUrls,
	reachableLanUrls,
	type InterfaceMap
} from './lan-addresses';

const NIC = { mac: '00:00:00:00:00:00', cidr: null } as const;

function v4(address: string, internal = false): NetworkInterfaceInfo {
	return { ...NIC, address, netmask: '255.255.255.0', family: 'IPv4', internal };
}

function v6(address: string, internal = false): NetworkInterfaceInfo {
	return { ...NIC, address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', internal, scopeid: 0 };
}

const INTERFACES: InterfaceMap = {
	lo: [v4('127.0.0.1', true), v6('::1', true)],
	docker0: [v4('172.17.0.1')],
	eth0: [v6('fe80::1'), v6('2001:db8::5'), v4('192.168.1.20')],
	wlan0: [v4('10.0.0.7'), v4('169.254.3.4'), v6('fd00::7')]
};

describe('lanAddresses', () => {
	it('lists non-internal IPv4 first, then routable IPv6, virtual bridges last', () => {
		expect(lanAddresses(INTERFACES, null)).toEqual([
			'192.168.1.20',
			'10.0.0.7',
			'172.17.0.1',
			'2001:db8::5',
			'fd00::7'
		]);
	});

	it("puts the default route's interface first", () => {
		expect(lanAddresses(INTERFACES, 'wlan0').slice(0, 2)).toEqual(['10.0.0.7', '192.168.1.20']);
		const netns: InterfaceMap = { 'veth-peer': [v4('10.213.0.2')], 'veth-lan': [v4('10.213.0.1')] };
		expect(lanAddresses(netns, 'veth-lan')).toEqual(['10.213.0.1', '10.213.0.2']);
	});

	it('reads the default route from the kernel table', () => {
		const table =
			'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
			'veth-lan\t00D5000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n' +
			'veth-lan\t00000000\t0200D50A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n';
		expect(defaultRouteInterface(table)).toBe('veth-lan');
		expect(defaultRouteInterface('Iface\tDestination\n')).toBeNull();
	});

	it('returns nothing for a machine with only loopback', () => {
		expect(lanAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([]);
	});

	it('reads the real interfaces by default', () => {
		expect(Array.isArray(lanAddresses())).toBe(true);
	});
});

describe('lanUrls', () => {
	it('brackets IPv6 addresses', () => {
		expect(lanUrls('http', 3000, ['192.168.1.20', 'fd00::7'])).toEqual([
			'http://192.168.1.20:3000',
			'http://[fd00::7]:3000'
		]);
	});
});

describe('reachableLanUrls', () => {
	it('offers IPv4 only when bound to 0.0.0.0', () => {
		expect(reachableLanUrls('0.0.0.0', 'http', 80, INTERFACES)).toEqual([
			'http://192.168.1.20:80',
			'http://10.0.0.7:80',
			'http://172.17.0.1:80'
		]);
	});

	it('offers everything on ::, nothing on loopback, and a bound address only', () => {
		expect(reachableLanUrls('::', 'https', 8443, INTERFACES)).toHaveLength(5);
		expect(reachableLanUrls('127.0.0.1', 'http', 80, INTERFACES)).toEqual([]);
		expect(reachableLanUrls('localhost', 'http', 80, INTERFACES)).toEqual([]);
		expect(reachableLanUrls('10.0.0.7', 'http', 80, INTERFACES)).toEqual(['http://10.0.0.7:80']);
		expect(reachableLanUrls('10.9.9.9', 'http', 80, INTERFACES)).toEqual([]);
	});
});
