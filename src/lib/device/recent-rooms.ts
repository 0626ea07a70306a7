/**
 * The rooms this tab has been in, newest first, for the share page's "which room?". Kept in
 * sessionStorage, which this tab alone sees and which goes when the tab closes: only the room
 * paths (a private room's path holds its link secret, as the tab's own history does), never a
 * photo or a name.
 */
const KEY = 'vanishdrop.recentRooms';
const MAX = 5;
const ROOM_PATH = /^\/(?:r\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}|p\/[A-Za-z0-9-]{1,40})$/;

export function isRoomPath(v: unknown): v is string {
	return typeof v === 'string' && ROOM_PATH.test(v);
}

export function parseRecentRooms(raw: string | null): string[] {
	let v: unknown;
	try {
		v = JSON.parse(raw ?? '[]');
	} catch {
		return [];
	}
	return Array.isArray(v) ? v.filter(isRoomPath).slice(0, MAX) : [];
}

export function withRecentRoom(rooms: readonly string[], path: string): string[] {
	if (!isRoomPath(path)) return [...rooms];
	return [path, ...rooms.filter((r) => r !== path)].slice(0, MAX);
}

export function loadRecentRooms(storage: Storage): string[] {
	return parseRecentRooms(storage.getItem(KEY));
}

export function rememberRoom(storage: Storage, path: string): void {
	storage.setItem(KEY, JSON.stringify(withRecentRoom(loadRecentRooms(storage), path)));
}
