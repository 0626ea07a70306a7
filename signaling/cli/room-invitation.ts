import { generateRoomSecret, privateRoomKeys } from '#crypto/room-keys';

/**
 * The link to a new private room under `origin`, built as the app builds it: `/r/<roomId>#<secret>`.
 * The secret stays in the fragment, which browsers never send; the room itself comes into being
 * when the first person opens the link.
 */
export function newRoomInvitation(origin: string): string {
	const secret = generateRoomSecret();
	const url = new URL(`/r/${privateRoomKeys(secret).roomId}`, origin);
	url.hash = secret;
	return url.href;
}
