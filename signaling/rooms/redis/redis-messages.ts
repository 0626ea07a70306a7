import { parseJsonObject } from '#protocol/json-object';
import { isPeerId, isValidName, parseServerMessage, type PeerInfo } from '#protocol/signaling-messages';
import type { RoomMessage } from '../room-backend';
import type { JoinFailure } from '../membership';

/**
 * What arrives on a process's Redis channel, and what the join script answers, parsed into
 * typed values like every other message from the network: anything else is `null`.
 */

/** Sessions and node ids: random base64url, as minted by `RedisRoomBackend`. */
const OPAQUE_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A room's tag (`RedisRoomStore.tagOf`): 22 base64url characters of an HMAC. */
const ROOM_TAG = /^[A-Za-z0-9_-]{22}$/;

export type NodeEnvelope =
	/** The join of `session` is done: from here on, this process delivers to it. */
	| { t: 'joined'; room: string; peer: string; session: string }
	/** A resuming join took over the place of `session`, which this process must close. */
	| { t: 'replaced'; room: string; peer: string; session: string }
	/** A message for the listed members of the room connected to this process. */
	| { t: 'event'; room: string; to: string[]; message: RoomMessage };

export type JoinReply = { ok: true; resumed: boolean; peers: PeerInfo[] } | { ok: false; error: JoinFailure };

const JOIN_FAILURES: readonly JoinFailure[] = [
	'room-full',
	'no-such-room',
	'room-exists',
	'id-taken',
	'name-taken',
	'too-many-rooms'
];

export function isOpaqueId(v: unknown): v is string {
	return typeof v === 'string' && OPAQUE_ID.test(v);
}

export function parseRoomTag(v: unknown): string | null {
	return typeof v === 'string' && ROOM_TAG.test(v) ? v : null;
}

function parseRoomMessage(v: unknown): RoomMessage | null {
	if (typeof v !== 'string') return null;
	const message = parseServerMessage(v);
	switch (message?.type) {
		case 'peer-joined':
		case 'peer-left':
		case 'peer-renamed':
		case 'signal':
			return message;
		case 'error':
			return message.code === 'code-closed'
				? { type: 'error', code: 'code-closed', message: message.message }
				: null;
		default:
			return null;
	}
}

function parsePeerIds(v: unknown): string[] | null {
	if (!Array.isArray(v) || v.length === 0) return null;
	const ids: string[] = [];
	for (const id of v) {
		if (!isPeerId(id)) return null;
		ids.push(id);
	}
	return ids;
}

export function parseNodeEnvelope(raw: string): NodeEnvelope | null {
	const v = parseJsonObject(raw);
	if (!v) return null;
	const room = parseRoomTag(v.room);
	if (!room) return null;
	switch (v.t) {
		case 'joined':
		case 'replaced':
			if (!isPeerId(v.peer) || !isOpaqueId(v.session)) return null;
			return { t: v.t, room, peer: v.peer, session: v.session };
		case 'event': {
			const to = parsePeerIds(v.to);
			const message = parseRoomMessage(v.msg);
			return to && message ? { t: 'event', room, to, message } : null;
		}
		default:
			return null;
	}
}

/** The join script's answer: `['error', code]` or `['ok', '0'|'1', id, name, id, name, …]`. */
export function parseJoinReply(v: unknown): JoinReply | null {
	if (!Array.isArray(v) || !v.every((item) => typeof item === 'string')) return null;
	const [status, second, ...rest] = v;
	if (status === 'error') {
		const error = JOIN_FAILURES.find((code) => code === second);
		return error && rest.length === 0 ? { ok: false, error } : null;
	}
	if (status !== 'ok' || (second !== '0' && second !== '1') || rest.length % 2 !== 0) return null;
	const peers: PeerInfo[] = [];
	for (let i = 0; i < rest.length; i += 2) {
		const id = rest[i];
		const name = rest[i + 1];
		if (!isPeerId(id) || !isValidName(name)) return null;
		peers.push({ id, name });
	}
	return { ok: true, resumed: second === '1', peers };
}
