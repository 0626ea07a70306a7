import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Every `a=fingerprint:` value in an SDP, normalised. */
export function sdpFingerprints(sdp: string): string[] {
	const out: string[] = [];
	for (const m of sdp.matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) {
		out.push(`${m[1]!.toLowerCase()} ${m[2]!.toUpperCase()}`);
	}
	return out;
}

/**
 * A 6-digit code two people compare side by side. It binds both ends' DTLS certificates and the
 * room key: a server in the middle terminates two DTLS sessions with its own certificates, so
 * the two screens would show different codes. Both sides sort the fingerprints, so they agree.
 */
export function safetyCode(macKey: Uint8Array, localSdp: string, remoteSdp: string): string | null {
	const local = sdpFingerprints(localSdp);
	const remote = sdpFingerprints(remoteSdp);
	if (local.length === 0 || remote.length === 0) return null;
	const both = [local.join(','), remote.join(',')].sort();
	const mac = hmac(sha256, macKey, utf8ToBytes(`vanishdrop-safety-v1|${both[0]}|${both[1]}`));
	const n = ((mac[0]! << 24) | (mac[1]! << 16) | (mac[2]! << 8) | mac[3]!) >>> 0;
	const digits = String(n % 1_000_000).padStart(6, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
