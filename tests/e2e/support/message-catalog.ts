import { readFileSync } from 'node:fs';

/** The message areas under `messages/`, each a catalog per language. */
const AREAS = ['app', 'drops', 'view'] as const;

/**
 * Every simple message (one string, no plural or selector) of every area in `locale`, from the
 * catalogs the build compiles: what a page in that language says, for a test to look for.
 */
export function catalogMessages(locale: string): Map<string, string> {
	const all = new Map<string, string>();
	for (const area of AREAS) {
		const raw = JSON.parse(readFileSync(`messages/${area}/${locale}.json`, 'utf8')) as Record<
			string,
			unknown
		>;
		for (const [key, value] of Object.entries(raw))
			if (key !== '$schema' && typeof value === 'string') all.set(key, value);
	}
	return all;
}
