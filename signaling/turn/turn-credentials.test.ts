import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mintTurnCredential, turnIceServer, turnPassword } from './turn-credentials';

const SECRET = 'north-wind-static-secret';

describe('turn credentials (coturn REST scheme)', () => {
	it('matches a vector computed outside Node: openssl dgst -sha1 -hmac <secret> -binary | base64', () => {
		// printf '%s' '1700000000:dGVzdC1wZWVy' | openssl dgst -sha1 -hmac 'north-wind-static-secret' -binary | base64
		expect(turnPassword(SECRET, '1700000000:dGVzdC1wZWVy')).toBe('610pxuoXjEyBPiEd67umWs/a6Po=');
	});

	it('matches HMAC-SHA1 computed independently with node:crypto', () => {
		const { username, credential } = mintTurnCredential(SECRET, 600);
		const expected = createHmac('sha1', Buffer.from(SECRET, 'utf8'))
			.update(Buffer.from(username, 'utf8'))
			.digest()
			.toString('base64');
		expect(credential).toBe(expected);
		expect(credential).not.toBe(turnPassword('another-secret', username));
	});

	it('puts the expiry, now + ttl in unix seconds, before a random id', () => {
		const now = Date.UTC(2030, 0, 1, 12, 0, 0, 750);
		const first = mintTurnCredential(SECRET, 3600, now);
		const second = mintTurnCredential(SECRET, 3600, now);
		const match = /^(\d+):([A-Za-z0-9_-]{16})$/.exec(first.username);
		expect(match?.[1]).toBe(String(Math.floor(now / 1000) + 3600));
		expect(second.username).not.toBe(first.username);
		expect(second.username.split(':')[0]).toBe(match?.[1]);
	});

	it('builds an ICE server entry that carries no secret', () => {
		const server = turnIceServer({
			urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
			secret: SECRET,
			ttlSeconds: 60
		});
		expect(server.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
		expect(server.credential).toBe(turnPassword(SECRET, server.username ?? ''));
		expect(JSON.stringify(server)).not.toContain(SECRET);
	});
});
