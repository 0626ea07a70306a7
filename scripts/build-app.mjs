// Builds the app once per interface language and assembles the builds into `build/`, so that
// a page ships only its own language's messages (Paraglide's per-locale build):
//   build/                      the English build, whole (what `vite preview` and tools expect)
//   build/_app/immutable/       every language's hashed files (shared ones are the same file)
//   build/_locales/<locale>/    each other language's index.html and service-worker.js
// The server picks the language of each page it serves (signaling/http/page-locale.ts).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { precompressTree } from './precompress.mjs';
import { root } from './setup-steps.mjs';

/** Files that differ per language; everything else is shared or hashed. */
export const PER_LOCALE_FILES = ['index.html', 'service-worker.js', 'route-preloads.json'];
export const LOCALES_DIR = '_locales';

/** @returns {{ baseLocale: string, locales: string[] }} */
function localeSettings() {
	return JSON.parse(readFileSync(join(root, 'project.inlang', 'settings.json'), 'utf8'));
}

/**
 * Copies `from` into `to`, keeping files `to` already has: a hashed name is its content, so a
 * file of the same name must hold the same bytes. One that does not would leave a language's
 * page running another language's chunk: returned, so the build fails and names it.
 * @returns {string[]} the clashing paths
 */
function mergeTree(/** @type {string} */ from, /** @type {string} */ to) {
	mkdirSync(to, { recursive: true });
	/** @type {string[]} */
	const clashes = [];
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		const source = join(from, entry.name);
		const target = join(to, entry.name);
		if (entry.isDirectory()) clashes.push(...mergeTree(source, target));
		else if (!existsSync(target)) cpSync(source, target);
		else if (!readFileSync(source).equals(readFileSync(target))) clashes.push(target);
	}
	return clashes;
}

export function buildApp() {
	const { baseLocale, locales } = localeSettings();
	const staging = join(root, '.svelte-kit', 'locale-builds');
	rmSync(staging, { recursive: true, force: true });
	for (const locale of locales) {
		// Quiet unless it fails: six builds' adapter notes are noise in `npm start`.
		const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, VD_LOCALE: locale, VD_BUILD_DIR: join(staging, locale) }
		});
		if (built.status !== 0) {
			process.stderr.write(`${built.stdout ?? ''}${built.stderr ?? ''}`);
			console.error(`\nThe ${locale} build failed (exit ${built.status ?? built.signal}).`);
			process.exit(built.status || 1);
		}
	}
	const out = join(root, 'build');
	rmSync(out, { recursive: true, force: true });
	cpSync(join(staging, baseLocale), out, { recursive: true });
	for (const locale of locales.filter((l) => l !== baseLocale)) {
		const clashes = mergeTree(join(staging, locale, '_app', 'immutable'), join(out, '_app', 'immutable'));
		if (clashes.length > 0) {
			console.error(
				`\nThe ${locale} build has files of the same name as another language's but other bytes:`
			);
			for (const c of clashes) console.error(`  ${c}`);
			process.exit(1);
		}
		const own = join(out, LOCALES_DIR, locale);
		mkdirSync(own, { recursive: true });
		for (const file of PER_LOCALE_FILES) cpSync(join(staging, locale, file), join(own, file));
	}
	rmSync(staging, { recursive: true, force: true });
	precompressTree(join(out, '_app', 'immutable'));
}

if (process.argv[1] === import.meta.filename) buildApp();
