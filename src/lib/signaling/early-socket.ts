/**
 * A room page's WebSocket, opened as the app starts (`hooks.client.ts`) instead of once the room
 * is on screen: its handshake runs while the room's code is evaluated and its view is built, so
 * the join goes out as soon as the room can write it. The room's `SignalingClient` takes it.
 * Nothing is sent on it before that: the join is the first frame, as on any socket.
 */

/** The pages that join a room as they open (`/c` first claims a nameplate on a socket of its own). */
const ROOM_PATH = /^\/(r|n|p)\/[^/]+$/;

/** A page that never gets to its room (a broken link) does not keep the socket open. */
const UNTAKEN_MS = 10_000;

interface Early {
	ws: WebSocket;
	timer: ReturnType<typeof setTimeout>;
}

let early: Early | null = null;

/** Whether a page at `pathname` joins a room as soon as it is up. */
export function joinsRoomAtOnce(pathname: string): boolean {
	return ROOM_PATH.test(pathname);
}

/** Opens the socket to `url`, once; it is closed unless taken within a few seconds. */
export function openEarlySocket(url: string): void {
	if (early || typeof WebSocket !== 'function') return;
	let ws: WebSocket;
	try {
		ws = new WebSocket(url);
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		if (early?.ws !== ws) return;
		early = null;
		ws.close();
	}, UNTAKEN_MS);
	early = { ws, timer };
}

/** The early socket, if one was opened to `url` and is not closing; taken once. */
export function takeEarlySocket(url: string): WebSocket | null {
	const taken = early;
	early = null;
	if (!taken) return null;
	clearTimeout(taken.timer);
	const usable = taken.ws.url === new URL(url).href && taken.ws.readyState <= WebSocket.OPEN;
	if (usable) return taken.ws;
	taken.ws.close();
	return null;
}
