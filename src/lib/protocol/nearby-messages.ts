/**
 * Nearby: the devices on one network that have the home page open, on the same `/ws` socket as
 * rooms but a family of frames of its own. A device says hello with a friendly name and its kind;
 * the server groups it by network and lists the visible others. A pairing is an ask and an answer,
 * each carrying an X25519 public key: the two devices agree a fresh private room's secret, which
 * the server relays the halves of but cannot compute.
 *
 *   asker                       server                        asked
 *   nearby-ask {to, key A}  ->  (same network? rate, pair)  ->  nearby-asked {from, key A}
 *   nearby-answered {key B} <-  (was it asked?)             <-  nearby-answer {to, key B | null}
 */

import { isJsonObject, parseJsonObject } from './json-object';
import { isValidName } from './typed-values';

/** From feature detection (a coarse pointer), never from the user agent. */
export type DeviceKind = 'phone' | 'laptop';
const DEVICE_KINDS: readonly DeviceKind[] = ['phone', 'laptop'];

/** At most this many devices are listed to one device. */
export const MAX_NEARBY_LISTED = 50;
/** An ask nobody answered by then is over, on both devices and the server. */
export const NEARBY_ANSWER_MS = 30_000;

/** A nearby device's id: the server's, random per connection. */
const NEARBY_ID = /^[A-Za-z0-9_-]{16}$/;
/** An X25519 public key: 32 bytes, base64url. */
const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

export interface NearbyDevice {
	id: string;
	name: string;
	device: DeviceKind;
}

/** Why an ask did not reach the other device. */
export type AskRefusal = 'gone' | 'too-soon' | 'rate-limited';
const ASK_REFUSALS: readonly AskRefusal[] = ['gone', 'too-soon', 'rate-limited'];

export type NearbyClientMessage =
	/** `visible: null` leaves it to the server: visible on a LAN, hidden behind a public address. */
	| { type: 'nearby-hello'; name: string; device: DeviceKind; visible: boolean | null }
	| { type: 'nearby-visible'; visible: boolean }
	| { type: 'nearby-ask'; to: string; key: string }
	/** `key: null` declines. */
	| { type: 'nearby-answer'; to: string; key: string | null };

export type NearbyServerMessage =
	| { type: 'nearby-welcome'; self: string; visible: boolean }
	| { type: 'nearby-list'; devices: NearbyDevice[] }
	| { type: 'nearby-asked'; from: NearbyDevice; key: string }
	| { type: 'nearby-answered'; from: string; key: string | null }
	| { type: 'nearby-refused'; to: string; reason: AskRefusal };

export function isNearbyId(v: unknown): v is string {
	return typeof v === 'string' && NEARBY_ID.test(v);
}

export function isPublicKeyText(v: unknown): v is string {
	return typeof v === 'string' && PUBLIC_KEY.test(v);
}

export function isDeviceKind(v: unknown): v is DeviceKind {
	return DEVICE_KINDS.includes(v as DeviceKind);
}

/** A device as a list, an ask or another process names it. */
export function parseNearbyDevice(v: unknown): NearbyDevice | null {
	if (!isJsonObject(v) || !isNearbyId(v.id) || !isValidName(v.name) || !isDeviceKind(v.device)) return null;
	return { id: v.id, name: v.name, device: v.device };
}

/** The server's parser for nearby frames; anything else is `null`. */
export function parseNearbyClientMessage(raw: string): NearbyClientMessage | null {
	const m = parseJsonObject(raw);
	switch (m?.type) {
		case 'nearby-hello': {
			const visible = m.visible === null || typeof m.visible === 'boolean' ? m.visible : undefined;
			if (!isValidName(m.name) || !isDeviceKind(m.device) || visible === undefined) return null;
			return { type: 'nearby-hello', name: m.name, device: m.device, visible };
		}
		case 'nearby-visible':
			return typeof m.visible === 'boolean' ? { type: 'nearby-visible', visible: m.visible } : null;
		case 'nearby-ask':
			return isNearbyId(m.to) && isPublicKeyText(m.key) ? { type: 'nearby-ask', to: m.to, key: m.key } : null;
		case 'nearby-answer':
			if (!isNearbyId(m.to) || !(m.key === null || isPublicKeyText(m.key))) return null;
			return { type: 'nearby-answer', to: m.to, key: m.key };
		default:
			return null;
	}
}

/** The browser's parser for the server's nearby frames. */
export function parseNearbyServerMessage(raw: string): NearbyServerMessage | null {
	const m = parseJsonObject(raw);
	switch (m?.type) {
		case 'nearby-welcome':
			if (!isNearbyId(m.self) || typeof m.visible !== 'boolean') return null;
			return { type: 'nearby-welcome', self: m.self, visible: m.visible };
		case 'nearby-list': {
			if (!Array.isArray(m.devices) || m.devices.length > MAX_NEARBY_LISTED) return null;
			const devices = m.devices.map(parseNearbyDevice);
			return devices.every((d) => d !== null) ? { type: 'nearby-list', devices } : null;
		}
		case 'nearby-asked': {
			const from = parseNearbyDevice(m.from);
			return from && isPublicKeyText(m.key) ? { type: 'nearby-asked', from, key: m.key } : null;
		}
		case 'nearby-answered':
			if (!isNearbyId(m.from) || !(m.key === null || isPublicKeyText(m.key))) return null;
			return { type: 'nearby-answered', from: m.from, key: m.key };
		case 'nearby-refused':
			if (!isNearbyId(m.to) || !ASK_REFUSALS.includes(m.reason as AskRefusal)) return null;
			return { type: 'nearby-refused', to: m.to, reason: m.reason as AskRefusal };
		default:
			return null;
	}
}
