import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
	parsePeerSignal,
	parseSignalEnvelope,
	type LinkRole,
	type PeerSignal,
	type SignalEnvelope
} from '../protocol/signal-envelope';
import { fromBase64Url, toBase64Url } from './base64url';

/**
 * Signals (SDP and ICE) carry an HMAC so a server that rewrites them, for instance to swap the
 * DTLS fingerprint and sit in the middle, is caught before the browser ever sees the SDP.
 */

export interface SignalContext {
	macKey: Uint8Array;
	roomId: string;
	from: string;
	to: string;
}

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

export type OpenedSignal =
	| { ok: true; link: string; seq: number; role: LinkRole; signal: PeerSignal }
	| { ok: false; reason: 'malformed' }
	/** `link` is unverified: good only for addressing a reply. */
	| { ok: false; reason: 'bad-mac'; link: string };

/** Verifies and parses a signal; nothing in it may be used unless this returns `ok`. */
export function openSignal(ctx: SignalContext, data: unknown): OpenedSignal {
	const e = parseSignalEnvelope(data);
	if (!e) return { ok: false, reason: 'malformed' };
	const given = fromBase64Url(e.mac);
	const body = { link: e.link, seq: e.seq, role: e.role, payload: e.payload } as const;
	const expected = hmac(sha256, ctx.macKey, macInput(ctx, body));
	if (!given || !equalBytes(given, expected)) return { ok: false, reason: 'bad-mac', link: e.link };
	const signal = parsePeerSignal(e.payload);
	if (!signal) return { ok: false, reason: 'malformed' };
	return { ok: true, link: e.link, seq: e.seq, role: e.role, signal };
}
