import { createHmac, randomBytes } from 'node:crypto';
import type { IceServerConfig } from '#protocol/signaling-messages';

/** A TURN relay that shares `secret` with this server (coturn's `static-auth-secret`). */
export interface TurnSettings {
	/** `turn:` and `turns:` URLs of the relay. */
	urls: string[];
	/** Never sent to a client nor logged: only credentials derived from it leave the server. */
	secret: string;
	/** How long a minted credential stays valid. Default `DEFAULTS.turnTtlSeconds` (an hour). */
	ttlSeconds: number;
}

export interface TurnCredential {
	username: string;
	credential: string;
}

/**
 * The password coturn expects for `username` under the TURN REST scheme (`use-auth-secret`):
 * base64(HMAC-SHA1(secret, username)).
 */
export function turnPassword(secret: string, username: string): string {
	return createHmac('sha1', secret).update(username).digest('base64');
}

/** A room named for coturn's logs and quotas: a keyed hash, so the log shows no room id or code. */
function turnRoomTag(secret: string, roomKey: string): string {
	return createHmac('sha256', secret).update(`turn-room:${roomKey}`).digest('base64url').slice(0, 16);
}

/**
 * A fresh credential: the username is `<expiry unix seconds>:<room tag>.<random id>` (without a
 * room, `<expiry>:<random id>`), which coturn reads to refuse it after the expiry. The room tag
 * ties the credential to the room it was minted for: coturn's logs and sessions show which room
 * relays, and one room's credentials can be told (and blocked) apart from another's. coturn itself
 * cannot check the room: the binding is for the operator, the REST scheme stays as it is.
 */
export function mintTurnCredential(
	secret: string,
	ttlSeconds: number,
	nowMs = Date.now(),
	roomKey?: string
): TurnCredential {
	const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
	const random = randomBytes(12).toString('base64url');
	const username =
		roomKey === undefined ? `${expiry}:${random}` : `${expiry}:${turnRoomTag(secret, roomKey)}.${random}`;
	return { username, credential: turnPassword(secret, username) };
}

/** The ICE server entry for one joiner of `roomKey`, with a credential minted for it alone. */
export function turnIceServer(settings: TurnSettings, nowMs = Date.now(), roomKey?: string): IceServerConfig {
	const credential = mintTurnCredential(settings.secret, settings.ttlSeconds, nowMs, roomKey);
	return { urls: [...settings.urls], ...credential };
}
