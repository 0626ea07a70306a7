import { describe, expect, it } from 'vitest';
import { addressKey } from '../hub/client-address';
import { networkGroup, serverLanGroup } from './network-group';

const group = (address: string, lan = serverLanGroup([])) => networkGroup(addressKey(address), lan);

describe('networkGroup: who counts as on one network', () => {
	it('behind NAT: one public address is one group, not shown by default', () => {
		expect(group('203.0.113.7')).toEqual({ key: 'ip:203.0.113.7', lan: false });
		expect(group('203.0.113.8').key).not.toBe(group('203.0.113.7').key);
	});

	it('on a LAN: one private /24', () => {
		expect(group('192.168.1.20')).toEqual({ key: 'lan4:192.168.1', lan: true });
		expect(group('192.168.1.99').key).toBe(group('192.168.1.20').key);
		expect(group('192.168.2.20').key).not.toBe(group('192.168.1.20').key);
		expect(group('10.0.0.5').lan).toBe(true);
		expect(group('172.20.3.4').lan).toBe(true);
		expect(group('172.32.3.4').lan).toBe(false);
	});

	it('IPv6: one /64; unique-local and link-local count as LAN', () => {
		expect(group('2001:db8:1:2::10').key).toBe(group('2001:db8:1:2:abcd::1').key);
		expect(group('2001:db8:1:2::10').lan).toBe(false);
		expect(group('fd12:3456:789a:1::5').lan).toBe(true);
		expect(group('::ffff:192.168.1.20').key).toBe('lan4:192.168.1');
	});

	it('loopback joins the server’s own LAN, where it has one', () => {
		expect(group('127.0.0.1')).toEqual({ key: 'loopback', lan: true });
		expect(group('::1')).toEqual({ key: 'loopback', lan: true });
		const lan = serverLanGroup(['http://192.168.1.5:3000', 'http://[fd00::5]:3000']);
		expect(group('127.0.0.1', lan).key).toBe(group('192.168.1.77').key);
		expect(serverLanGroup(['https://203.0.113.1:3000'])).toBeNull();
	});
});
