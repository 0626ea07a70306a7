import { createHash } from 'node:crypto';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(?:^|\s)src\s*=/i;
const TYPE = /(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const EXECUTABLE_TYPE = /^(?:module|(?:text|application)\/(?:x-)?(?:java|ecma)script)$/i;

/**
 * CSP source expressions (`'sha256-…'`) for every inline, executable `<script>` in `html`,
 * so the SPA's inline bootstrap runs under a `script-src` without `'unsafe-inline'`.
 */
export function inlineScriptHashes(html: string): string[] {
	const hashes = new Set<string>();
	for (const match of html.matchAll(SCRIPT)) {
		const attributes = match[1] ?? '';
		const body = match[2] ?? '';
		if (HAS_SRC.test(attributes) || body.length === 0) continue;
		const type = TYPE.exec(attributes);
		const typeValue = type ? (type[1] ?? type[2] ?? type[3] ?? '').trim() : '';
		if (typeValue !== '' && !EXECUTABLE_TYPE.test(typeValue)) continue;
		hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
	}
	return [...hashes];
}
