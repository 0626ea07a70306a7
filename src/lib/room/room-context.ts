import { getContext, setContext } from 'svelte';
import type { RoomSession } from './room-session.svelte';

const CONTEXT_KEY = Symbol('room-session');

export function setRoomSession(session: RoomSession): RoomSession {
	return setContext(CONTEXT_KEY, session);
}

export function getRoomSession(): RoomSession {
	const s = getContext<RoomSession | undefined>(CONTEXT_KEY);
	if (!s) throw new Error('getRoomSession() outside a room page');
	return s;
}
