import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddresses, lanUrls, reachableLanUrls, type InterfaceMap } from './lan-addresses';

function v4(address: string, internal = false): NetworkInterfaceInfo {
	return {
		address,
		netmask: '255.255.255.0',
		family: 'IPv4',
		mac: '00:00:00:00:00:00',
		internal,
		cidr: null
	};
}

function v6(address: string, internal = false): NetworkInterfaceInfo {
	return {
		address,
		netmask: 'ffff:ffff:ffff:ffff::',
		family: 'IPv6',
		mac: '00:00:00:00:00:00',
		internal,
		cidr: null,
		scopeid: 0
	};
}

const INTERFACES: InterfaceMap = {
	lo: [v4('127.0.0.1', true), v6('::1', true)],
	docker0: [v4('172.17.0.1')],
	eth0: [v6('fe80::1'), v6('2001:db8::5'), v4('192.168.1.20')],
	wlan0: [v4('10.0.0.7'), v4('169.254.3.4'), v6('fd00::7')]
};

describe('lanAddresses', () => {
	it('lists non-internal IPv4 first, then routable IPv6, virtual bridges last', () => {
		expect(lanAddresses(INTERFACES)).toEqual([
			'192.168.1.20',
			'10.0.0.7',
			'172.17.0.1',
			'2001:db8::5',
			'fd00::7'
		]);
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
