import { m } from '../paraglide/messages';
import type { ErrorCode } from '../protocol/error-codes';
import type { PeerFailure } from '../peers/peer.svelte';

/** Texts read when they are shown, in the page's language (messages/app). */
function textsOf<K extends string>(messages: Record<K, () => string>): Readonly<Record<K, string>> {
	const texts = {} as Record<K, string>;
	for (const key of Object.keys(messages) as K[])
		Object.defineProperty(texts, key, { get: messages[key], enumerable: true });
	return texts;
}

/** What a person reads when something goes wrong: plain words, a next step, no input echoed. */
export const SERVER_ERRORS: Readonly<Record<ErrorCode, string>> = textsOf<ErrorCode>({
	'bad-message': m.server_error_bad_message,
	'bad-room': m.server_error_bad_room,
	'bad-name': m.server_error_bad_name,
	'bad-proof': m.server_error_bad_proof,
	'other-version': m.server_error_other_version,
	'room-full': m.server_error_room_full,
	'no-such-room': m.server_error_no_such_room,
	'room-exists': m.server_error_room_exists,
	'id-taken': m.server_error_id_taken,
	'name-taken': m.server_error_name_taken,
	'not-joined': m.server_error_not_joined,
	'already-joined': m.server_error_already_joined,
	'unknown-peer': m.server_error_unknown_peer,
	'rate-limited': m.server_error_rate_limited,
	'too-many-rooms': m.server_error_too_many_rooms,
	'too-many-connections': m.server_error_too_many_connections,
	'code-closed': m.server_error_code_closed,
	'no-nameplate': m.server_error_no_nameplate
});

/** The server closed the connection for good. */
export const DISCONNECTED_TEXT = m.room_disconnected();

/** A pair of devices whose code exchange failed: the other one typed another code (or someone guessed). */
export const CODE_MISMATCH_TEXT = m.alert_code_mismatch();

export function codeMismatchText(name: string): string {
	return m.alert_code_mismatch_peer({ name });
}

/** This browser has no WebRTC, or it is turned off: the page can't reach any device. */
export const NO_WEBRTC_TEXT = m.alert_no_webrtc();

/** Code the page loads on first use (a drop's) could not be fetched. */
export const UNREACHABLE_TEXT = m.room_unreachable();

export function linkFailureText(
	name: string,
	failure: PeerFailure,
	{ relayConfigured = false } = {}
): string {
	switch (failure) {
		case 'unverified':
			return m.alert_link_unverified({ name });
		case 'stuck':
			return relayConfigured ? m.alert_link_stuck_relay({ name }) : m.alert_link_stuck({ name });
		case 'hostile':
			return m.alert_link_hostile({ name });
		case 'connection-failed':
			return m.alert_link_lost({ name });
		case 'wrong-code':
			return codeMismatchText(name);
		case 'name-clash':
			return m.alert_link_name_clash({ name });
		case 'peer-no-webrtc':
			return m.alert_link_peer_no_webrtc({ name });
		case 'no-webrtc':
			return NO_WEBRTC_TEXT;
	}
}
