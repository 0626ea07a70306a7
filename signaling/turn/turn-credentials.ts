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

/**
 * A fresh credential: the username is `<expiry unix seconds>:<random id>`, which coturn reads
 * to refuse it after the expiry; the random part only keeps usernames apart in coturn's logs.
 */
export function mintTurnCredential(secret: string, ttlSeconds: number, nowMs = Date.now()): TurnCredential {
	const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
	const username = `${expiry}:${randomBytes(12).toString('base64url')}`;
	return { username, credential: turnPassword(secret, username) };
}

/** The ICE server entry for one joiner, with a credential minted for it alone. */
export function turnIceServer(settings: TurnSettings, nowMs = Date.now()): IceServerConfig {
	return { urls: [...settings.urls], ...mintTurnCredential(settings.secret, settings.ttlSeconds, nowMs) };
}
