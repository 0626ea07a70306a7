import { describe, expect, it } from 'vitest';
import { parseRecentRooms, withRecentRoom } from './recent-rooms';

const priv = (c: string) => `/r/${c.repeat(22)}#${'s'.repeat(22)}`;

describe('recent rooms', () => {
	it('keeps room paths only, newest first, five at most, each once', () => {
		let rooms: string[] = [];
		for (const c of ['a', 'b', 'c', 'd', 'e', 'f']) rooms = withRecentRoom(rooms, priv(c));
		rooms = withRecentRoom(rooms, priv('c'));
		rooms = withRecentRoom(rooms, 'https://evil.example/r/x');
		rooms = withRecentRoom(rooms, '/p/7-amber');
		expect(rooms).toEqual(['/p/7-amber', priv('c'), priv('f'), priv('e'), priv('d')]);
	});

	it('parses what the tab saved with a fallback', () => {
		expect(parseRecentRooms(null)).toEqual([]);
		expect(parseRecentRooms('{oops')).toEqual([]);
		expect(parseRecentRooms(JSON.stringify([priv('a'), 42, 'javascript:alert(1)', '/p/x']))).toEqual([
			priv('a'),
			'/p/x'
		]);
	});
});
