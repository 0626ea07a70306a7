import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
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
import type { RoomKeys } from './room-keys';

/**
 * Signals (SDP and ICE) are sealed with an AEAD under a key from the room's secret, so the
 * server relays ciphertext: it can't read the ICE credentials, addresses or DTLS fingerprints,
 * and a server that changes a signal, for instance to swap the fingerprint and sit in the
 * middle, is caught before the browser ever sees the SDP.
 */

/**
 * The key that seals signals, one HKDF step from the room's key: a key of its own, so no two
 * protocols ever share one. A public room's comes from its code, which the server knows: there it
 * hides signals from onlookers on the way (Redis), not from the server.
 */
export function signalSealKey(keys: Pick<RoomKeys, 'macKey'>): Uint8Array {
	return hkdf(sha256, keys.macKey, utf8ToBytes('vanishdrop/signal-seal/v2'), undefined, 32);
}

export interface SignalContext {
	/** `signalSealKey(roomKeys)`. */
	key: Uint8Array;
	roomId: string;
	from: string;
	to: string;
}

const NONCE_BYTES = 24;
/** Plaintexts are padded to a multiple of this, so a signal's length tells little about it. */
const PAD_TO = 256;

/** Everything in the clear, and who is speaking to whom in which room: bound to the ciphertext. */
function associatedData(ctx: SignalContext, e: Pick<SignalEnvelope, 'role' | 'link' | 'seq'>): Uint8Array {
	return utf8ToBytes(
		JSON.stringify(['vanishdrop-signal-v2', ctx.roomId, ctx.from, ctx.to, e.role, e.link, e.seq])
	);
}

/** JSON text ends at its last brace: trailing spaces are whitespace to `JSON.parse`. */
function padded(json: string): Uint8Array {
	const bytes = utf8ToBytes(json);
	const out = new Uint8Array(Math.ceil((bytes.length + 1) / PAD_TO) * PAD_TO).fill(0x20);
	out.set(bytes);
	return out;
}

export function sealSignal(
	ctx: SignalContext,
	fields: { link: string; seq: number; role: LinkRole; signal: PeerSignal }
): SignalEnvelope {
	const clear = { link: fields.link, seq: fields.seq, role: fields.role };
	const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
	const box = xchacha20poly1305(ctx.key, nonce, associatedData(ctx, clear)).encrypt(
		padded(JSON.stringify(fields.signal))
	);
	return { v: 2, ...clear, nonce: toBase64Url(nonce), box: toBase64Url(box) };
}

export type OpenedSignal =
	| { ok: true; link: string; seq: number; role: LinkRole; signal: PeerSignal }
	| { ok: false; reason: 'malformed' }
	/** `link` is unverified: good only for addressing a reply. */
	| { ok: false; reason: 'bad-seal'; link: string };

function decrypt(ctx: SignalContext, e: SignalEnvelope): string | null {
	const nonce = fromBase64Url(e.nonce);
	const box = fromBase64Url(e.box);
	if (nonce?.length !== NONCE_BYTES || !box) return null;
	try {
		const plain = xchacha20poly1305(ctx.key, nonce, associatedData(ctx, e)).decrypt(box);
		return new TextDecoder('utf-8', { fatal: true }).decode(plain);
	} catch {
		return null;
	}
}

/** Authenticates, decrypts and parses a signal; nothing in it may be used unless this returns `ok`. */
export function openSignal(ctx: SignalContext, data: unknown): OpenedSignal {
	const e = parseSignalEnvelope(data);
	if (!e) return { ok: false, reason: 'malformed' };
	const text = decrypt(ctx, e);
	if (text === null) return { ok: false, reason: 'bad-seal', link: e.link };
	const signal = parsePeerSignal(text);
	if (!signal) return { ok: false, reason: 'malformed' };
	return { ok: true, link: e.link, seq: e.seq, role: e.role, signal };
}
