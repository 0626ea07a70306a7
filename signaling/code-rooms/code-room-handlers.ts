import type { ClientMessage, RoomRef } from '#protocol/signaling-messages';
import type { ErrorCode } from '#protocol/error-codes';
import { roomTag, type Logger } from '../logger';
import type { ClientConnection } from '../hub/client-connection';
import type { AddressRateLimiter, RoomBackend } from '../rooms/room-backend';
import { claimNameplate } from './nameplates';

/**
 * Failed exchanges after which a code room closes. Each failed pair is one guess at the words
 * (1,295² codes), so an attacker's chance per room stays below 3 in 1,677,025.
 */
export const MAX_FAILED_EXCHANGES = 3;
/** How long a closed nameplate stays closed, and a room's failures are remembered. */
export const CLOSED_FOR_MS = 10 * 60_000;

export interface CodeRoomDeps {
	rooms: RoomBackend<ClientConnection>;
	/** Claims per address; null turns the limit off. */
	claims: AddressRateLimiter | null;
	log: Logger;
}

/**
 * The server's part in code rooms: it hands out nameplates, counts the failed exchanges its
 * members report, and closes a nameplate after `MAX_FAILED_EXCHANGES`. It never sees the
 * words: the devices prove them to each other with a PAKE through ordinary signals.
 */
export class CodeRoomHandlers {
	readonly #deps: CodeRoomDeps;

	constructor(deps: CodeRoomDeps) {
		this.#deps = deps;
	}

	/** Why a join of `room` is refused before it reaches the room backend, or null. */
	async refusal(room: RoomRef): Promise<ErrorCode | null> {
		if (room.kind !== 'code') return null;
		return (await this.#deps.rooms.codeRooms.isClosed(room.nameplate)) ? 'code-closed' : null;
	}

	async claim(client: ClientConnection): Promise<void> {
		const { rooms, claims, log } = this.#deps;
		if (client.member) return client.fail('already-joined');
		if (claims && !(await claims.take(client.ip))) return client.fail('rate-limited', 'claims');
		const isLive = (nameplate: string) => rooms.hasRoom({ kind: 'code', nameplate });
		const nameplate = await claimNameplate(isLive, rooms.codeRooms);
		if (!nameplate) return client.fail('no-nameplate');
		log('nameplate.claim', { conn: client.seq });
		client.send({ type: 'nameplate', nameplate });
	}

	/** A member says its exchange with `peer` failed: one more wrong guess at this room's code. */
	async failed(
		client: ClientConnection,
		message: Extract<ClientMessage, { type: 'code-failed' }>
	): Promise<void> {
		const { rooms, log } = this.#deps;
		const member = client.member;
		if (!member) return client.fail('not-joined');
		if (!member.roomKey.startsWith('code:') || message.peer === member.peerId)
			return client.fail('bad-message');
		const nameplate = member.roomKey.slice('code:'.length);
		// Both ends of one failed exchange report it: it counts once.
		const pair = [member.peerId, message.peer].sort().join(':');
		const failures = await rooms.codeRooms.countFailure(nameplate, pair, CLOSED_FOR_MS);
		log('code.failed', { conn: client.seq, room: roomTag(member.roomKey), failures });
		if (failures < MAX_FAILED_EXCHANGES) return;
		await rooms.codeRooms.close(nameplate, CLOSED_FOR_MS);
		await rooms.tellOthers(member, { type: 'error', code: 'code-closed', message: 'code-closed' });
		log('code.closed', { room: roomTag(member.roomKey) });
		client.fail('code-closed');
	}
}
