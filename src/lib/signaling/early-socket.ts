/**
 * A room page's WebSocket, opened by an inline script of the page (`src/app.html`) as its HTML
 * arrives, instead of once the app's code has loaded: its handshake runs while the room's code
 * is fetched and evaluated, so the join goes out as soon as the room can write it. The room's
 * `SignalingClient` takes it. Nothing is sent on it before that: the join is the first frame,
 * as on any socket. The script closes it unless it is taken within 10 s (a broken link).
 */

/** Where the page's inline script leaves the socket, with the timer that closes it untaken. */
export interface EarlySocketSlot {
	__vdEarlySocket?: { ws: WebSocket; timer: ReturnType<typeof setTimeout> } | null;
}

declare global {
	// The page's global object is the slot.
	// eslint-disable-next-line @typescript-eslint/no-empty-object-type
	interface Window extends EarlySocketSlot {}
}

/** The early socket, if one was opened to `url` and is not closing; taken once. */
export function takeEarlySocket(url: string, slot: EarlySocketSlot = window): WebSocket | null {
	const taken = slot.__vdEarlySocket;
	slot.__vdEarlySocket = null;
	if (!taken) return null;
	clearTimeout(taken.timer);
	if (taken.ws.url === new URL(url).href && taken.ws.readyState <= WebSocket.OPEN) return taken.ws;
	taken.ws.close();
	return null;
}
