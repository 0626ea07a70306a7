/**
 * The wire protocol between browsers and the signaling server, defined once and used by both.
 * Every frame is JSON text. `parseClientMessage` / `parseServerMessage` turn untrusted text into
 * a typed value or `null`; nothing else in the code base touches raw frames.
 */

import { isErrorCode, type ErrorCode } from './error-codes';
import { isJsonObject, parseJsonObject, type JsonObject } from './json-object';
import { isNameplate, isPublicCode, isValidName } from './typed-values';

export {
	MAX_NAME_LENGTH,
	PUBLIC_CODE_ALPHABET,
	PUBLIC_CODE_LENGTH,
	isNameplate,
	isPublicCode,
	isValidName,
	normalizePublicCode,
	sanitizeName
} from './typed-values';

export const MAX_PEERS_PER_ROOM = 20;
/** The largest signaling frame the server accepts (ws `maxPayload`). */
export const MAX_FRAME_BYTES = 64 * 1024;

const PRIVATE_ROOM_ID = /^[A-Za-z0-9_-]{22}$/;
const PEER_ID = /^[A-Za-z0-9_-]{22}$/;
const RESUME_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
/** A private room's join key (32 bytes, base64url), which hashes to the room id. */
const JOIN_PROOF = /^[A-Za-z0-9_-]{43}$/;

export type RoomRef =
	| { kind: 'private'; id: string }
	| { kind: 'public'; code: string }
	/** A code room: the server knows the nameplate, never the words; each pair of devices runs a PAKE. */
	| { kind: 'code'; nameplate: string };

export interface PeerInfo {
	id: string;
	name: string;
}

export interface IceServerConfig {
	urls: string | string[];
	username?: string;
	credential?: string;
}

export type ClientMessage =
	| {
			type: 'join';
			room: RoomRef;
			/** Only for public rooms: make the room if it does not exist yet. */
			create: boolean;
			peerId: string;
			/** Lets a reconnecting tab take over its own id while the old socket lingers. */
			resumeToken: string;
			name: string;
			/** Private rooms: the join key from the link's secret, which the server hashes to the id. */
			proof: string | null;
			/** The page's protocol version (`PROTOCOL_VERSION`); 0 from pages before versions. */
			v: number;
	  }
	| { type: 'rename'; name: string }
	| { type: 'signal'; to: string; data: unknown }
	/** Before a code room's first join: asks for a free nameplate (see `signaling/code-rooms/`). */
	| { type: 'claim-nameplate' }
	/** A code room's member tells the server that its exchange with `peer` failed: a wrong guess. */
	| { type: 'code-failed'; peer: string };

export type ServerMessage =
	| {
			type: 'peers';
			self: string;
			peers: PeerInfo[];
			iceServers: IceServerConfig[];
			/** URLs on which this server is reachable from the LAN, best first. */
			lanUrls: string[];
	  }
	| { type: 'peer-joined'; peer: PeerInfo }
	| { type: 'peer-left'; id: string }
	| { type: 'peer-renamed'; id: string; name: string }
	| { type: 'signal'; from: string; data: unknown }
	/** The answer to `claim-nameplate`: held for this client's first join for a while. */
	| { type: 'nameplate'; nameplate: string }
	| { type: 'error'; code: ErrorCode; message: string };

export function isPrivateRoomId(v: unknown): v is string {
	return typeof v === 'string' && PRIVATE_ROOM_ID.test(v);
}

export function isPeerId(v: unknown): v is string {
	return typeof v === 'string' && PEER_ID.test(v);
}

function parseRoomRef(v: unknown): RoomRef | null {
	if (!isJsonObject(v)) return null;
	if (v.kind === 'private' && isPrivateRoomId(v.id)) return { kind: 'private', id: v.id };
	if (v.kind === 'public' && isPublicCode(v.code)) return { kind: 'public', code: v.code };
	if (v.kind === 'code' && isNameplate(v.nameplate)) return { kind: 'code', nameplate: v.nameplate };
	return null;
}

function parsePeerInfo(v: unknown): PeerInfo | null {
	if (!isJsonObject(v) || !isPeerId(v.id) || !isValidName(v.name)) return null;
	return { id: v.id, name: v.name };
}

function parseIceServer(v: unknown): IceServerConfig | null {
	if (!isJsonObject(v)) return null;
	const urls = v.urls;
	const okUrls =
		typeof urls === 'string' ||
		(Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string'));
	if (!okUrls) return null;
	const out: IceServerConfig = { urls: urls as string | string[] };
	if (v.username !== undefined) {
		if (typeof v.username !== 'string') return null;
		out.username = v.username;
	}
	if (v.credential !== undefined) {
		if (typeof v.credential !== 'string') return null;
		out.credential = v.credential;
	}
	return out;
}

export function parseIceServers(v: unknown): IceServerConfig[] | null {
	if (!Array.isArray(v)) return null;
	const out: IceServerConfig[] = [];
	for (const item of v) {
		const s = parseIceServer(item);
		if (!s) return null;
		out.push(s);
	}
	return out;
}

function parseJoin(m: JsonObject): ClientMessage | null {
	const room = parseRoomRef(m.room);
	if (!room || !isPeerId(m.peerId) || !isValidName(m.name)) return null;
	if (typeof m.resumeToken !== 'string' || !RESUME_TOKEN.test(m.resumeToken)) return null;
	// A missing proof is the server's to refuse, with its own error; a malformed one is garbage.
	const proofGiven = m.proof !== undefined && m.proof !== null;
	if (proofGiven && (typeof m.proof !== 'string' || !JOIN_PROOF.test(m.proof))) return null;
	const proof = typeof m.proof === 'string' ? m.proof : null;
	// A page from before versions sends none: version 0, for the server to refuse with its own error.
	const v = m.v === undefined ? 0 : m.v;
	if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return null;
	const { peerId, resumeToken, name } = { peerId: m.peerId, resumeToken: m.resumeToken, name: m.name };
	return { type: 'join', room, create: m.create === true, peerId, resumeToken, name, proof, v };
}

/** The server's parser: anything that is not exactly a known message is `null`. */
export function parseClientMessage(raw: string): ClientMessage | null {
	const m = parseJsonObject(raw);
	if (!m) return null;
	switch (m.type) {
		case 'join':
			return parseJoin(m);
		case 'rename':
			return isValidName(m.name) ? { type: 'rename', name: m.name } : null;
		case 'signal':
			if (!isPeerId(m.to) || m.data === undefined) return null;
			return { type: 'signal', to: m.to, data: m.data };
		case 'claim-nameplate':
			return { type: 'claim-nameplate' };
		case 'code-failed':
			return isPeerId(m.peer) ? { type: 'code-failed', peer: m.peer } : null;
		default:
			return null;
	}
}

/** The browser's parser for what the server sends. */
export function parseServerMessage(raw: string): ServerMessage | null {
	const m = parseJsonObject(raw);
	if (!m) return null;
	switch (m.type) {
		case 'peers': {
			if (!isPeerId(m.self) || !Array.isArray(m.peers)) return null;
			const peers = m.peers.map(parsePeerInfo);
			if (peers.some((p) => p === null)) return null;
			const iceServers = parseIceServers(m.iceServers);
			if (!iceServers) return null;
			const lanUrls = Array.isArray(m.lanUrls)
				? m.lanUrls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u))
				: [];
			return { type: 'peers', self: m.self, peers: peers as PeerInfo[], iceServers, lanUrls };
		}
		case 'peer-joined': {
			const peer = parsePeerInfo(m.peer);
			return peer ? { type: 'peer-joined', peer } : null;
		}
		case 'peer-left':
			return isPeerId(m.id) ? { type: 'peer-left', id: m.id } : null;
		case 'peer-renamed':
			return isPeerId(m.id) && isValidName(m.name) ? { type: 'peer-renamed', id: m.id, name: m.name } : null;
		case 'signal':
			return isPeerId(m.from) && m.data !== undefined ? { type: 'signal', from: m.from, data: m.data } : null;
		case 'nameplate':
			return isNameplate(m.nameplate) ? { type: 'nameplate', nameplate: m.nameplate } : null;
		case 'error': {
			if (!isErrorCode(m.code) || typeof m.message !== 'string') return null;
			return { type: 'error', code: m.code, message: m.message.slice(0, 200) };
		}
		default:
			return null;
	}
}

export function encodeMessage(m: ClientMessage | ServerMessage): string {
	return JSON.stringify(m);
}
