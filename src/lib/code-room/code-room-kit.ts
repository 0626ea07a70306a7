import type { RoomKeys } from '../crypto/room-keys';
import type { PairingFactory } from '../peers/pairing-port';
import { CodePairing } from './code-pairing';

/**
 * Everything a code room page needs beyond the room core, in one module the page imports
 * dynamically: the word list, the PAKE and the curve arithmetic stay out of the home page.
 */
export { claimNameplate } from './claim-nameplate';
export { formatRoomCode, generateCodeWords, parseRoomCode, type RoomCode } from './room-code';

/**
 * A code room has no room-wide secret: every pair's key comes from its own PAKE. The room key here
 * is random and never shared, so a signal sealed with it by mistake opens nowhere.
 */
export function codeRoomKeys(nameplate: string): RoomKeys {
	const unused = crypto.getRandomValues(new Uint8Array(32));
	return { roomId: nameplate, joinProof: null, macKey: unused, authenticated: true };
}

export function codePairing(words: string, roomId: string): PairingFactory {
	return (host) => new CodePairing({ ...host, words, roomId });
}
