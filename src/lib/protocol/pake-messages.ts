/**
 * The code room's PAKE, as two devices say it through the signaling server inside ordinary
 * `signal` frames (the server relays them like any signal and never looks inside):
 *
 *   initiator -> responder  start    { sid, share: Ya }
 *   responder -> initiator  answer   { share: Yb, confirm: MAC(responder key, transcript) }
 *   initiator -> responder  confirm  { confirm: MAC(initiator key, transcript) }
 *   either                  abort    the other's confirmation failed: this pair is over
 *
 * Only once both confirmations check out does either end use the pair's key, to seal the pair's
 * WebRTC signals (`crypto/signal-auth`) and key its safety code. `code-room/pair-exchange.ts`
 * holds the rules; this module only knows the shapes.
 */

export type PakeMessage =
	| { pake: 'start'; sid: string; share: string }
	| { pake: 'answer'; share: string; confirm: string }
	| { pake: 'confirm'; confirm: string }
	| { pake: 'abort' };

/** 16 bytes, base64url. */
const SID = /^[A-Za-z0-9_-]{22}$/;
/** 32 bytes, base64url: a ristretto255 element or an HMAC-SHA-256. */
const B32 = /^[A-Za-z0-9_-]{43}$/;

function exactly(m: Record<string, unknown>, keys: string[]): boolean {
	const own = Object.keys(m);
	return own.length === keys.length && keys.every((k) => own.includes(k));
}

/** Whether a relayed signal claims to be part of the PAKE (then it must parse, or it is garbage). */
export function isPakeSignal(data: unknown): boolean {
	return typeof data === 'object' && data !== null && !Array.isArray(data) && 'pake' in data;
}

export function parsePakeMessage(data: unknown): PakeMessage | null {
	if (!isPakeSignal(data)) return null;
	const m = data as Record<string, unknown>;
	const b32 = (v: unknown): v is string => typeof v === 'string' && B32.test(v);
	switch (m.pake) {
		case 'start':
			return exactly(m, ['pake', 'sid', 'share']) &&
				typeof m.sid === 'string' &&
				SID.test(m.sid) &&
				b32(m.share)
				? { pake: 'start', sid: m.sid, share: m.share }
				: null;
		case 'answer':
			return exactly(m, ['pake', 'share', 'confirm']) && b32(m.share) && b32(m.confirm)
				? { pake: 'answer', share: m.share, confirm: m.confirm }
				: null;
		case 'confirm':
			return exactly(m, ['pake', 'confirm']) && b32(m.confirm)
				? { pake: 'confirm', confirm: m.confirm }
				: null;
		case 'abort':
			return exactly(m, ['pake']) ? { pake: 'abort' } : null;
		default:
			return null;
	}
}
