import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './client-address';

function fakeRequest(remoteAddress: string | undefined, headers: IncomingHttpHeaders = {}): IncomingMessage {
	return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
	it('uses the socket address unless the proxy is trusted', () => {
		const req = fakeRequest('10.0.0.9', { 'x-forwarded-for': '203.0.113.7' });
		expect(clientAddress(req, false)).toBe('10.0.0.9');
		expect(clientAddress(req, true)).toBe('203.0.113.7');
		expect(clientAddress(fakeRequest(undefined), false)).toBe('unknown');
	});

	it('takes the right-most entry, the one the trusted proxy appended', () => {
		const spoofed = fakeRequest('10.0.0.9', { 'x-forwarded-for': '1.2.3.4, 5.6.7.8,  203.0.113.7 ' });
		expect(clientAddress(spoofed, true)).toBe('203.0.113.7');
		const repeated = fakeRequest('10.0.0.9', {
			'x-forwarded-for': ['1.2.3.4', '203.0.113.8']
		});
		expect(clientAddress(repeated, true)).toBe('203.0.113.8');
	});

	it('accepts IPv6 and the port some proxies add', () => {
		const cases: [string, string][] = [
			['2001:db8::1', '2001:db8::1'],
			['[2001:db8::1]:4711', '2001:db8::1'],
			['[2001:db8::1]', '2001:db8::1'],
			['203.0.113.7:4711', '203.0.113.7']
		];
		for (const [header, expected] of cases) {
			expect(clientAddress(fakeRequest('10.0.0.9', { 'x-forwarded-for': header }), true)).toBe(expected);
		}
	});

	it('falls back to the socket address when the entry is not an address', () => {
		for (const header of [
			'',
			' ',
			'unknown',
			'1.2.3.4, ',
			'1.2.3.4,garbage',
			'999.1.1.1',
			'a'.repeat(5000)
		]) {
			expect(clientAddress(fakeRequest('10.0.0.9', { 'x-forwarded-for': header }), true)).toBe('10.0.0.9');
		}
		expect(clientAddress(fakeRequest('10.0.0.9'), true)).toBe('10.0.0.9');
	});
});

describe('addressKey', () => {
	it('keeps IPv4 as it is and unmaps IPv4-mapped IPv6', () => {
		expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('::FFFF:127.0.0.1')).toBe('127.0.0.1');
	});

	it('groups IPv6 by /64, however the address is written', () => {
		const key = '2001:db8:0:1::/64';
		expect(addressKey('2001:db8:0:1::1')).toBe(key);
		expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
		expect(addressKey('2001:DB8:0:1:0:0:0:2')).toBe(key);
		expect(addressKey('2001:db8:0:1::1.2.3.4')).toBe(key);
		expect(addressKey('2001:db8:0:2::1')).not.toBe(key);
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('::')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(addressKey('1:2:3:4:5:6:7:8')).toBe('1:2:3:4::/64');
		expect(addressKey('1:2:3::')).toBe('1:2:3:0::/64');
	});

	it('passes anything else through', () => {
		expect(addressKey('unknown')).toBe('unknown');
	});
});
