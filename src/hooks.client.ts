import type { ClientInit } from '@sveltejs/kit';

/** The pages that join a room as they open (`/c` first claims a nameplate on a socket of its own). */
const ROOM_PATH = /^\/[rnp]\/[^/]+$/;

/**
 * Before the router loads the page: a room page's socket starts its handshake now (see
 * early-socket.ts). The module is loaded only there; the room's own code preloads it anyway.
 */
export const init: ClientInit = () => {
	if (ROOM_PATH.test(location.pathname))
		void import('$lib/signaling/early-socket').then((early) => early.openEarlySocket(location));
};
