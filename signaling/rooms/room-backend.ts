import type { PeerInfo, RoomRef, ServerMessage } from '#protocol/signaling-messages';
import type { JoinFailure, JoinRequest, Member } from './membership';
import type { RateLimit } from '../hub/token-bucket';
import type { CodeRoomStore } from '../code-rooms/code-room-store';

/** What one member hears about the others: the messages a backend delivers. */
export type RoomMessage =
	| Extract<ServerMessage, { type: 'peer-joined' | 'peer-left' | 'peer-renamed' | 'signal' }>
	/** A code room closed (too many failed exchanges): each member is told, then closed. */
	| { type: 'error'; code: 'code-closed'; message: string };

/** How a backend reaches the hub's connections. */
export interface RoomEvents<Conn> {
	/** A room event or a signal for a member connected to this process. */
	deliver(conn: Conn, message: RoomMessage): void;
	/** A resuming join (on this process or another) took over this member's place. */
	replaced(conn: Conn): void;
	/**
	 * The backend lost track of this member (its process was taken for dead): the connection
	 * should be closed so that its tab joins again.
	 */
	evicted(conn: Conn): void;
}

export type BackendJoinResult<Conn> =
	| {
			ok: true;
			member: Member<Conn>;
			/** Everyone else in the room, in join order. */
			peers: PeerInfo[];
			/** True when this join took over its own lingering place (same id and token). */
			resumed: boolean;
			/**
			 * Tells the others (peer-joined, or peer-renamed on a renaming resume). Called by the
			 * hub once the joiner has its `peers`, the order one process has always kept. The Redis
			 * backend's join script told the room already, so there it does nothing.
			 */
			announce(): void;
	  }
	| { ok: false; error: JoinFailure };

/** `stale`: the member left or was replaced meanwhile. */
export type RenameOutcome = 'renamed' | 'name-taken' | 'stale';

/** A token bucket per client address, wherever its state lives. */
export interface AddressRateLimiter {
	/** Takes one token from `address`'s bucket; false when it is empty. */
	take(address: string): Promise<boolean>;
	/** Whether `take(address)` would succeed now, without taking. */
	hasToken(address: string): Promise<boolean>;
}

export interface BackendStats {
	/** Rooms with a member connected to this process. */
	rooms: number;
	/** Members connected to this process. */
	members: number;
}

/**
 * Room membership and the messages between members, for the signaling hub: in this process's
 * memory (`MemoryRoomBackend`) or shared by several processes through Redis
 * (`RedisRoomBackend`). The hub owns sockets; a backend owns who is in which room and who
 * hears what, and calls `RoomEvents` for the members connected here.
 */
export interface RoomBackend<Conn> {
	/** Resolves once joins can be served; rejects when the backend cannot start. */
	readonly ready: Promise<void>;
	/** Whether the room has live members. */
	hasRoom(room: RoomRef): Promise<boolean>;
	/** Whether `join` would take over a current member: only its own tab knows the token. */
	isResume(room: RoomRef, peerId: string, resumeToken: string): Promise<boolean>;
	/** Adds the member; `announce` on the result tells the others. */
	join(request: JoinRequest<Conn>): Promise<BackendJoinResult<Conn>>;
	/** Removes a current member and tells the others; false for a stale one (left or replaced). */
	leave(member: Member<Conn>): Promise<boolean>;
	/** Renames a current member and tells the others, unless another member's name looks the same. */
	rename(member: Member<Conn>, name: string): Promise<RenameOutcome>;
	/** Relays a signal to another member of the room; false when no such peer is there. */
	signal(member: Member<Conn>, to: string, data: unknown): Promise<boolean>;
	/** Tells every other current member of `member`'s room. */
	tellOthers(member: Member<Conn>, message: RoomMessage): Promise<void>;
	/** Code rooms' nameplates and failed exchanges, shared like the rooms themselves. */
	readonly codeRooms: CodeRoomStore;
	/** A per-address limit that holds across every process sharing this backend. */
	rateLimiter(name: string, limit: RateLimit): AddressRateLimiter;
	stats(): BackendStats;
	/** Stops timers and connections; call after every member left. */
	close(): Promise<void>;
}
