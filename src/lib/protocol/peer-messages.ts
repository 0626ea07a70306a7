/**
 * What two peers say to each other on the data channel. Control messages are JSON text, parsed
 * here into typed values; a drop's bytes travel as binary chunks (`chunk-frames.ts`) within the
 * limits of `drop-limits.ts`. Anything else is a protocol violation.
 */

import { isDropId, isInt, parseDropHeader, type DropHeader } from './drop-header';
import { parseJsonObject } from './json-object';
import { isValidName } from './typed-values';

export * from './chunk-frames';
export * from './drop-limits';
export {
	DROP_CIPHERS,
	isDropId,
	type DropCipher,
	type DropHeader,
	type DropOptions,
	type PhotoDropHeader,
	type TextDropHeader,
	type VideoDropHeader
} from './drop-header';

const MAX_CONTROL_CHARS = 4096;

export type ReceiptStatus = 'delivered' | 'viewed' | 'destroyed' | 'expired' | 'failed';
const RECEIPT_STATUSES: readonly ReceiptStatus[] = ['delivered', 'viewed', 'destroyed', 'expired', 'failed'];

/** Why a sender takes back a drop a recipient has not opened. */
export type RevokeReason = 'burned' | 'no-views' | 'expired';
const REVOKE_REASONS: readonly RevokeReason[] = ['burned', 'no-views', 'expired'];

/**
 * The safety exchange, the first thing said on a new data channel (`crypto/safety-exchange`):
 * each end commits to a nonce, then reveals it once it holds the other's commitment.
 */
export type SafetyMessage =
	| { t: 'safety-commit'; commit: string }
	/** With the nonce, the device's own name: said over the channel the code verifies. */
	| { t: 'safety-reveal'; nonce: string; name: string };

export type PeerMessage =
	| SafetyMessage
	| DropHeader
	| { t: 'receipt'; id: string; status: ReceiptStatus; at: number }
	| { t: 'abort'; id: string }
	| { t: 'revoke'; id: string; reason: RevokeReason }
	/** A recipient asks the sender for one of the drop's views... */
	| { t: 'view-request'; id: string }
	/** ...and the sender, who counts them, answers: with the copy's key when it grants one. */
	| { t: 'view-answer'; id: string; granted: false }
	| { t: 'view-answer'; id: string; granted: true; key: string }
	/** After the last chunk: the SHA-256 of the sealed bytes, which makes the drop `sealed`. */
	| { t: 'drop-end'; id: string; stream: number; sha256: string }
	/** A sender leaving hands each holder the key of a view it was sure to get. */
	| { t: 'key'; id: string; key: string }
	/** A new name for a ready device, said over the verified channel: the server can't swap it. */
	| { t: 'name'; name: string }
	/** The person here confirmed that both screens show this safety code. */
	| { t: 'codes-match'; code: string };

/** 32 bytes, base64url: a commitment or a nonce of the safety exchange. */
const SAFETY_VALUE = /^[A-Za-z0-9_-]{43}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 32 bytes (a key) in base64url. */
const KEY = /^[A-Za-z0-9_-]{43}$/;
/** A safety code as `safetyCode` writes it: `123 456`. */
const SAFETY_CODE = /^\d{3} \d{3}$/;

export function parsePeerMessage(raw: string): PeerMessage | null {
	if (raw.length > MAX_CONTROL_CHARS) return null;
	const m = parseJsonObject(raw);
	if (!m) return null;
	switch (m.t) {
		case 'drop':
			return parseDropHeader(m);
		case 'receipt': {
			const status = RECEIPT_STATUSES.find((s) => s === m.status);
			if (!isDropId(m.id) || !status || !isInt(m.at, 0, Number.MAX_SAFE_INTEGER)) return null;
			return { t: 'receipt', id: m.id, status, at: m.at };
		}
		case 'abort':
		case 'view-request':
			return isDropId(m.id) ? { t: m.t, id: m.id } : null;
		case 'view-answer':
			if (!isDropId(m.id)) return null;
			if (m.granted === false) return { t: 'view-answer', id: m.id, granted: false };
			return m.granted === true && typeof m.key === 'string' && KEY.test(m.key)
				? { t: 'view-answer', id: m.id, granted: true, key: m.key }
				: null;
		case 'drop-end':
			return isDropId(m.id) &&
				isInt(m.stream, 1, 0xffffffff) &&
				typeof m.sha256 === 'string' &&
				SHA256_HEX.test(m.sha256)
				? { t: 'drop-end', id: m.id, stream: m.stream, sha256: m.sha256 }
				: null;
		case 'key':
			return isDropId(m.id) && typeof m.key === 'string' && KEY.test(m.key)
				? { t: 'key', id: m.id, key: m.key }
				: null;
		case 'name':
			return isValidName(m.name) ? { t: 'name', name: m.name } : null;
		case 'safety-commit':
			return typeof m.commit === 'string' && SAFETY_VALUE.test(m.commit)
				? { t: 'safety-commit', commit: m.commit }
				: null;
		case 'safety-reveal':
			return typeof m.nonce === 'string' && SAFETY_VALUE.test(m.nonce) && isValidName(m.name)
				? { t: 'safety-reveal', nonce: m.nonce, name: m.name }
				: null;
		case 'codes-match':
			return typeof m.code === 'string' && SAFETY_CODE.test(m.code) && Object.keys(m).length === 2
				? { t: 'codes-match', code: m.code }
				: null;
		case 'revoke': {
			const reason = REVOKE_REASONS.find((r) => r === m.reason);
			return isDropId(m.id) && reason ? { t: 'revoke', id: m.id, reason } : null;
		}
		default:
			return null;
	}
}

export function isSafetyMessage(m: PeerMessage): m is SafetyMessage {
	return m.t === 'safety-commit' || m.t === 'safety-reveal';
}

export function encodePeerMessage(m: PeerMessage): string {
	return JSON.stringify(m);
}
