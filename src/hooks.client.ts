import type { ClientInit } from '@sveltejs/kit';
import { joinsRoomAtOnce, openEarlySocket } from '$lib/signaling/early-socket';
import { signalingUrl } from '$lib/signaling/signaling-url';

/** Before the router loads the page: a room page's socket starts its handshake now. */
export const init: ClientInit = () => {
	if (joinsRoomAtOnce(location.pathname)) openEarlySocket(signalingUrl(location));
};
