import { timingSafeEqual } from 'node:crypto';
import { roomIdOfProof } from '#crypto/room-keys';
import type { RoomRef } from '#protocol/signaling-messages';

/**
 * Whether a join may enter `room`. A private room's id is the hash of the join key its link's
 * secret gives (`roomIdOfJoinKey`), so the id is the one-way value the server checks the proof
 * against, and it keeps nothing else. Public rooms are open to anyone with the code, by design.
 */
export function provesRoom(room: RoomRef, proof: string | null): boolean {
	// Public rooms are open by design; a code room's members prove the code to each other (PAKE).
	if (room.kind !== 'private') return true;
	const id = proof === null ? null : roomIdOfProof(proof);
	if (id === null || id.length !== room.id.length) return false;
	return timingSafeEqual(Buffer.from(id), Buffer.from(room.id));
}
