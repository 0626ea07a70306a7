// Paraglide's compiler options, shared by the Vite plugin (vite.config.ts) and the plain compile
// that unit tests and `npm run check` run (`node --import tsx scripts/messages-compiler.ts`).
import { compile, type CompilerOptions } from '@inlang/paraglide-js';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MESSAGES_COMPILER_OPTIONS = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// Only used where a build is not for one language (`npm run dev`, unit tests): a language
	// chosen in the select, else the browser's, else English. See src/lib/i18n/locales.ts.
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'vd-lang',
	// Paraglide's own per-locale-build expression: the build's `define` turns it into a constant
	// (vite.config.ts), so each language's bundle holds only its own messages.
	experimentalStaticLocale: '/** @type {any} */ (globalThis).__PARAGLIDE_STATIC_LOCALE__',
	emitPrettierIgnore: true,
	includeEslintDisableComment: true
} satisfies CompilerOptions;

const self = fileURLToPath(import.meta.url);

/**
 * Vitest's global setup: compiles the messages into src/lib/paraglide in a child process (the
 * inlang project keeps handles open that would hold vitest's process after the tests).
 */
export default function compileMessagesForTests(): void {
	execFileSync(process.execPath, ['--import', 'tsx', self], { stdio: 'inherit' });
}

if (process.argv[1] === self) {
	await compile(MESSAGES_COMPILER_OPTIONS);
	// The inlang project leaves handles open: nothing else is running here.
	process.exit(0);
}
