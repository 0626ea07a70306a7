import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64Url, toBase64Url } from './base64url';

/**
 * Signals (SDP and ICE) carry an HMAC so a server that rewrites them, for instance to swap the
 * DTLS fingerprint and sit in the middle, is caught before the browser ever sees the SDP.
 */

export type LinkRole = 'initiator' | 'responder';

export type PeerSignal =
	| { type: 'offer' | 'answer'; sdp: string }
	| {
			type: 'candidate';
			candidate: { candidate: string; sdpMLineIndex: number | null; sdpMid: string | null };
	  }
	/** "Your signal failed my check": sealed too, so only a room member can say it. */
	| { type: 'reject' };

export interface SignalEnvelope {
	v: 1;
	/** Per-connection nonce, chosen by the initiator, so one link's signals can't be replayed on another. */
	link: string;
	/** Strictly increasing per sender and link, so a signal can't be replayed within it. */
	seq: number;
	role: LinkRole;
	/** The signal as JSON text: the MAC covers these exact bytes. */
	payload: string;
	mac: string;
}

export interface SignalContext {
	macKey: Uint8Array;
	roomId: string;
	from: string;
	to: string;
}

const MAX_SDP_CHARS = 32 * 1024;
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;

function macInput(ctx: SignalContext, e: Omit<SignalEnvelope, 'mac' | 'v'>): Uint8Array {
	return utf8ToBytes(
		JSON.stringify(['vanishdrop-signal-v1', ctx.roomId, ctx.from, ctx.to, e.role, e.link, e.seq, e.payload])
	);
}

export function sealSignal(
	ctx: SignalContext,
	fields: { link: string; seq: number; role: LinkRole; signal: PeerSignal }
): SignalEnvelope {
	const payload = JSON.stringify(fields.signal);
	const body = { link: fields.link, seq: fields.seq, role: fields.role, payload };
	const mac = toBase64Url(hmac(sha256, ctx.macKey, macInput(ctx, body)));
	return { v: 1, ...body, mac };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

function parsePeerSignal(raw: string): PeerSignal | null {
	let v: unknown;
	try {
		v = JSON.parse(raw);
	} catch {
		return null;
	}
	if (typeof v !== 'object' || v === null) return null;
	const m = v as Record<string, unknown>;
	if ((m.type === 'offer' || m.type === 'answer') && typeof m.sdp === 'string') {
		return m.sdp.length <= MAX_SDP_CHARS ? { type: m.type, sdp: m.sdp } : null;
	}
	if (m.type === 'reject') return { type: 'reject' };
	if (m.type === 'candidate' && typeof m.candidate === 'object' && m.candidate !== null) {
		const c = m.candidate as Record<string, unknown>;
		if (typeof c.candidate !== 'string' || c.candidate.length > 2048) return null;
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

export type OpenedSignal =
	| { ok: true; link: string; seq: number; role: LinkRole; signal: PeerSignal }
	| { ok: false; reason: 'malformed' }
	/** `link` is unverified: good only for addressing a reply. */
	| { ok: false; reason: 'bad-mac'; link: string };

/** Verifies and parses a signal; nothing in it may be used unless this returns `ok`. */
export function openSignal(ctx: SignalContext, data: unknown): OpenedSignal {
	if (typeof data !== 'object' || data === null) return { ok: false, reason: 'malformed' };
	const e = data as Record<string, unknown>;
	if (
		e.v !== 1 ||
		typeof e.link !== 'string' ||
		!LINK_ID.test(e.link) ||
		typeof e.seq !== 'number' ||
		!Number.isSafeInteger(e.seq) ||
		e.seq < 0 ||
		(e.role !== 'initiator' && e.role !== 'responder') ||
		typeof e.payload !== 'string' ||
		typeof e.mac !== 'string'
	) {
		return { ok: false, reason: 'malformed' };
	}
	const given = fromBase64Url(e.mac);
	const body = { link: e.link, seq: e.seq, role: e.role, payload: e.payload } as const;
	const expected = hmac(sha256, ctx.macKey, macInput(ctx, body));
	if (!given || !equalBytes(given, expected)) return { ok: false, reason: 'bad-mac', link: e.link };
	const signal = parsePeerSignal(e.payload);
	if (!signal) return { ok: false, reason: 'malformed' };
	return { ok: true, link: e.link, seq: e.seq, role: e.role, signal };
}
