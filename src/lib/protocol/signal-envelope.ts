/**
 * What one browser tells another through the signaling server: a WebRTC signal (SDP or an ICE
 * candidate) inside an envelope that binds it to one link, one position in that link's sequence
 * and the sender's role. `crypto/signal-auth` seals and opens envelopes; this module only knows
 * their shape.
 */

import { isJsonObject, parseJsonObject } from './json-object';

export type LinkRole = 'initiator' | 'responder';

export type PeerSignal =
	| { type: 'offer' | 'answer'; sdp: string }
	| {
			type: 'candidate';
			candidate: { candidate: string; sdpMLineIndex: number | null; sdpMid: string | null };
	  }
	/** "Your signal failed my check": sealed too, so only a room member can say it. */
	| { type: 'reject' }
	/** "My browser can't make device-to-device connections": nothing will come of this pair. */
	| { type: 'unsupported' };

/**
 * A sealed signal. What routing needs stays in the clear (the link id, so a peer can answer a
 * signal it could not open with a sealed reject on the same link); every clear field is bound to
 * the ciphertext as associated data. The signal itself is inside `box`.
 */
export interface SignalEnvelope {
	v: 2;
	/** Per-connection nonce, chosen by the initiator, so one link's signals can't be replayed on another. */
	link: string;
	/** Strictly increasing per sender and link, so a signal can't be replayed within it. */
	seq: number;
	role: LinkRole;
	/** The AEAD's 24-byte nonce, base64url. */
	nonce: string;
	/** The signal as JSON text, padded, encrypted and authenticated: base64url of ciphertext ‖ tag. */
	box: string;
}

const MAX_SDP_CHARS = 32 * 1024;
const MAX_CANDIDATE_CHARS = 2048;
/** The largest SDP, padded, with its tag, as base64url: about 44,400 characters. */
const MAX_BOX_CHARS = 48 * 1024;
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;
const NONCE = /^[A-Za-z0-9_-]{32}$/;
/** At least one padded block of 256 bytes and the 16-byte tag, base64url without padding. */
const BOX = /^[A-Za-z0-9_-]{363,}$/;
const ENVELOPE_FIELDS = ['v', 'link', 'seq', 'role', 'nonce', 'box'];

export function isLinkId(v: unknown): v is string {
	return typeof v === 'string' && LINK_ID.test(v);
}

/** Exactly the envelope's fields, checked for shape only: it is still to be opened. */
export function parseSignalEnvelope(data: unknown): SignalEnvelope | null {
	if (!isJsonObject(data)) return null;
	const e = data;
	const keys = Object.keys(e);
	if (keys.length !== ENVELOPE_FIELDS.length || !ENVELOPE_FIELDS.every((k) => keys.includes(k))) return null;
	if (
		e.v !== 2 ||
		!isLinkId(e.link) ||
		typeof e.seq !== 'number' ||
		!Number.isSafeInteger(e.seq) ||
		e.seq < 0 ||
		(e.role !== 'initiator' && e.role !== 'responder') ||
		typeof e.nonce !== 'string' ||
		!NONCE.test(e.nonce) ||
		typeof e.box !== 'string' ||
		e.box.length > MAX_BOX_CHARS ||
		!BOX.test(e.box)
	) {
		return null;
	}
	return { v: 2, link: e.link, seq: e.seq, role: e.role, nonce: e.nonce, box: e.box };
}

/** The signal inside an envelope's payload, or null when it is not exactly one. */
export function parsePeerSignal(raw: string): PeerSignal | null {
	const m = parseJsonObject(raw);
	if (!m) return null;
	if ((m.type === 'offer' || m.type === 'answer') && typeof m.sdp === 'string') {
		return m.sdp.length <= MAX_SDP_CHARS ? { type: m.type, sdp: m.sdp } : null;
	}
	if (m.type === 'reject') return { type: 'reject' };
	if (m.type === 'unsupported') return { type: 'unsupported' };
	if (m.type === 'candidate' && typeof m.candidate === 'object' && m.candidate !== null) {
		const c = m.candidate as Record<string, unknown>;
		if (typeof c.candidate !== 'string' || c.candidate.length > MAX_CANDIDATE_CHARS) return null;
		const line = c.sdpMLineIndex;
		const mid = c.sdpMid;
		if (line !== null && line !== undefined && !Number.isInteger(line)) return null;
		if (mid !== null && mid !== undefined && typeof mid !== 'string') return null;
		return {
			type: 'candidate',
			candidate: {
				candidate: c.candidate,
				sdpMLineIndex: typeof line === 'number' ? line : null,
				sdpMid: typeof mid === 'string' ? mid : null
			}
		};
	}
	return null;
}
