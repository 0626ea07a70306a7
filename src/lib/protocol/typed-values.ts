/**
 * What people type, read out or see as names in the wire protocol: public room codes, code-room
 * nameplates and display names. Apart from the rest of `signaling-messages`, so that the home
 * page checks them without loading the protocol's parsers.
 */

/** Unambiguous alphabet for public codes: no 0/O, 1/I/L. */
export const PUBLIC_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PUBLIC_CODE_LENGTH = 6;
export const MAX_NAME_LENGTH = 40;
/** A code room's nameplate: the part of its code the server hands out and sees (`7` in `7-amber-falcon`). */
const NAMEPLATE = /^[1-9][0-9]{0,5}$/;
const PUBLIC_CODE = new RegExp(`^[${PUBLIC_CODE_ALPHABET}]{${PUBLIC_CODE_LENGTH}}$`);
// Letters, marks, numbers, spaces and a little punctuation; no control or format characters.
const NAME = /^[\p{L}\p{M}\p{N} .'_-]+$/u;

export function isPublicCode(v: unknown): v is string {
	return typeof v === 'string' && PUBLIC_CODE.test(v);
}

/** Upper-cases and trims what a person typed; returns null when it cannot be a code. */
export function normalizePublicCode(typed: string): string | null {
	const code = typed.trim().toUpperCase().replace(/[\s-]/g, '');
	return isPublicCode(code) ? code : null;
}

export function isNameplate(v: unknown): v is string {
	return typeof v === 'string' && NAMEPLATE.test(v);
}

export function isValidName(v: unknown): v is string {
	return (
		typeof v === 'string' && v.length >= 1 && v.length <= MAX_NAME_LENGTH && v.trim() === v && NAME.test(v)
	);
}

/** Cleans a name a person typed so that it passes `isValidName`, or returns null. */
export function sanitizeName(typed: string): string | null {
	const name = typed
		.replace(/[^\p{L}\p{M}\p{N} .'_-]/gu, '')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, MAX_NAME_LENGTH)
		.trim();
	return isValidName(name) ? name : null;
}
