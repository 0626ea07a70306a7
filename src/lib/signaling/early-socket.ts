/**
 * A room page's WebSocket, opened as the app starts (`hooks.client.ts`) instead of once the room
 * is on screen: its handshake runs while the room's code is evaluated and its view is built, so
 * the join goes out as soon as the room can write it. The room's `SignalingClient` takes it.
 * Nothing is sent on it before that: the join is the first frame, as on any socket.
 */
import { signalingUrl } from './signaling-url';

/** A page that never gets to its room (a broken link) does not keep the socket open. */
const UNTAKEN_MS = 10_000;

let early: { ws: WebSocket; timer: ReturnType<typeof setTimeout> } | null = null;

/** Opens the socket to the page's signaling server, once; closed unless taken within seconds. */
export function openEarlySocket(location: Pick<Location, 'protocol' | 'host'>): void {
	if (early) return;
	const ws = new WebSocket(signalingUrl(location));
	const timer = setTimeout(() => {
		if (early?.ws === ws) early = null;
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
	if (taken.ws.url === new URL(url).href && taken.ws.readyState <= WebSocket.OPEN) return taken.ws;
	taken.ws.close();
	return null;
}
