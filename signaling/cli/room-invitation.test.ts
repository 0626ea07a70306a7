import { describe, expect, it } from 'vitest';
import { isRoomSecret, privateRoomKeys } from '#crypto/room-keys';
import { newRoomInvitation } from './room-invitation';

describe('newRoomInvitation', () => {
	it('links to a new private room the way the app does: /r/<roomId>#<secret>', () => {
		const link = newRoomInvitation('https://192.168.1.20:3000');
		const match = /^https:\/\/192\.168\.1\.20:3000\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{22})$/.exec(link);
		expect(match).not.toBeNull();
		const [, roomId = '', secret = ''] = match ?? [];
		expect(isRoomSecret(secret)).toBe(true);
		expect(privateRoomKeys(secret).roomId).toBe(roomId);
	});

	it('makes a new room every time', () => {
		const links = new Set(Array.from({ length: 20 }, () => newRoomInvitation('http://localhost:3000')));
		expect(links.size).toBe(20);
	});
});
