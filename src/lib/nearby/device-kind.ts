import type { DeviceKind } from '../protocol/nearby-messages';

/**
 * Phone or laptop, by what the device can do: a coarse primary pointer (a finger) is a phone
 * or tablet. Never from the user agent string.
 */
export function deviceKind(matchMedia: (query: string) => { matches: boolean }): DeviceKind {
	return matchMedia('(pointer: coarse)').matches ? 'phone' : 'laptop';
}
