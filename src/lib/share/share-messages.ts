/**
 * What the page and the service worker say to each other about files shared to the app from the
 * phone's share sheet. The page asks with the one-time token the service worker put in its URL,
 * on a MessageChannel port of its own; the answer comes back on that port only.
 */

/** Page -> service worker. */
export interface TakeShare {
	type: 'take-share';
	token: string;
}

/** Service worker -> page, on the port. */
export type ShareAnswer = { type: 'shared-files'; files: File[] } | { type: 'no-share' };

/** 128 random bits, base64url: unguessable, so no other page can take someone's files. */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export function isShareToken(v: unknown): v is string {
	return typeof v === 'string' && TOKEN.test(v);
}

export function parseTakeShare(raw: unknown): TakeShare | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const m = raw as Record<string, unknown>;
	return m.type === 'take-share' && isShareToken(m.token) ? { type: 'take-share', token: m.token } : null;
}

export function parseShareAnswer(raw: unknown): ShareAnswer | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const m = raw as Record<string, unknown>;
	if (m.type === 'no-share') return { type: 'no-share' };
	if (m.type !== 'shared-files' || !Array.isArray(m.files)) return null;
	const files = m.files.filter((f): f is File => f instanceof File);
	return files.length === m.files.length ? { type: 'shared-files', files } : null;
}

/** The path the manifest's `share_target` posts to, and the page that receives the files. */
export const SHARE_PATH = '/share';
/** The form field holding the files (`share_target.params.files[].name`). */
export const SHARE_FILES_FIELD = 'photos';
/** At most this many files from one share. */
export const MAX_SHARED_FILES = 20;
