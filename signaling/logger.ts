import { createHash, randomBytes } from 'node:crypto';

/**
 * Structured event log. Callers pass ids, counts and codes only: never payloads, SDP, names,
 * resume tokens or room ids (use `roomTag`).
 */
export type Logger = (event: string, fields: Record<string, string | number>) => void;

/** One line per event on stdout: `2025-01-01T00:00:00.000Z join peer=… room=…`. */
export const consoleLogger: Logger = (event, fields) => {
	const parts = [new Date().toISOString(), event];
	for (const [key, value] of Object.entries(fields)) {
		const text = String(value);
		parts.push(`${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`);
	}
	process.stdout.write(parts.join(' ') + '\n');
};

export const silentLogger: Logger = () => {};

// A per-process salt: tags correlate log lines within one run, but cannot be reversed by
// brute-forcing the small space of public codes, nor linked across restarts.
const ROOM_TAG_SALT = randomBytes(16);

/** A short, salted hash of a room key, safe to log in place of the room id. */
export function roomTag(roomKey: string): string {
	return createHash('sha256').update(ROOM_TAG_SALT).update(roomKey).digest('hex').slice(0, 10);
}
