import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { PRELOAD_TABLE_FILE } from '../signaling/http/route-preloads.ts';
import { routeIdOf, routePreloadTable, type BuiltChunk } from './route-preload-table.ts';

/** Vite plugins shared by the app's build (vite.config.ts) and the bench pages' build. */

/**
 * simple-peer's source, without the Node parts it pulls in: its prebuilt bundle carries
 * readable-stream, buffer and debug (28 KB gz, a quarter of the room page). PeerLink never uses
 * the peer as a stream, so `readable-stream` is the small stand-in in src/lib/webrtc; `debug` is
 * silent (it could print signals, SDP included, to the console); random ids come from
 * `crypto.getRandomValues`; `Buffer.from` is only on the stream path PeerLink switches off.
 */
export function simplePeerWithoutNode(): Plugin {
	const virtual: Record<string, string> = {
		debug: 'module.exports = () => () => {};',
		'queue-microtask': 'module.exports = (task) => queueMicrotask(task);',
		buffer: 'exports.Buffer = { from: (data) => new Uint8Array(data) };',
		randombytes: `module.exports = (n) => {
	const bytes = crypto.getRandomValues(new Uint8Array(n));
	return { toString: () => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
};`
	};
	const prefix = '\0simple-peer-part:';
	const fromSimplePeer = (importer: string | undefined) => importer?.includes('/node_modules/simple-peer/');
	return {
		name: 'vanishdrop-simple-peer-without-node',
		enforce: 'pre',
		resolveId(id, importer) {
			if (!fromSimplePeer(importer)) return null;
			if (id === 'readable-stream')
				return fileURLToPath(new URL('../src/lib/webrtc/duplex-stand-in.ts', import.meta.url));
			return id in virtual ? prefix + id : null;
		},
		load: (id) => (id.startsWith(prefix) ? virtual[id.slice(prefix.length)] : null)
	};
}

/**
 * Svelte's runtime modules, under node_modules/svelte/src/, that run nothing when loaded (only
 * declarations) and that the home page does not use (custom elements: nothing does). Svelte's
 * package.json does not say it has no side effects, so the bundler keeps every module its
 * runtime index re-exports in the chunk every page loads; said here, these go where they are
 * used (the room's chunk), out of the home page. A module every page uses (the root's
 * `svelte:component`, say) would only split off into a chunk of its own: it is not listed.
 * `svelte-runtime-purity.test.ts` checks each still declares only.
 */
export const SIDE_EFFECT_FREE_SVELTE_MODULES = [
	'internal/client/dom/elements/custom-element.js',
	'internal/client/dom/elements/bindings/select.js',
	'internal/client/dom/elements/style.js',
	'internal/client/dom/blocks/await.js',
	'internal/client/dom/blocks/key.js',
	'internal/client/dom/blocks/svelte-head.js',
	'internal/shared/clone.js'
] as const;

export function svelteRuntimeWhereUsed(): Plugin {
	const suffixes = SIDE_EFFECT_FREE_SVELTE_MODULES.map((m) => `/node_modules/svelte/src/${m}`);
	return {
		name: 'vanishdrop-svelte-runtime-where-used',
		enforce: 'pre',
		transform: (code, id) =>
			suffixes.some((s) => id.endsWith(s)) ? { code, moduleSideEffects: false } : null
	};
}

/**
 * Writes `route-preloads.json` into the client build (SvelteKit's adapter copies it to build/):
 * each page route's chunks and styles, which the Node server links from that route's HTML
 * (signaling/http/route-preloads.ts). Pages are SvelteKit's generated node modules; each
 * imports its route's `+page.svelte`.
 */
export function routePreloads(routesDir = fileURLToPath(new URL('../src/routes', import.meta.url))): Plugin {
	const NODE = /\/generated\/client-optimized\/nodes\/\d+\.js$/;
	return {
		name: 'vanishdrop-route-preloads',
		apply: 'build',
		generateBundle(_options, bundle) {
			if (this.environment.name !== 'client') return;
			const chunks: BuiltChunk[] = Object.values(bundle).flatMap((out) => {
				if (out.type !== 'chunk') return [];
				const node = out.facadeModuleId && NODE.test(out.facadeModuleId) ? out.facadeModuleId : null;
				const page = node
					? this.getModuleInfo(node)?.importedIds.find((id) => routeIdOf(id, routesDir))
					: null;
				return [
					{
						fileName: out.fileName,
						imports: out.imports,
						css: [...(out.viteMetadata?.importedCss ?? [])],
						route: page ? routeIdOf(page, routesDir) : null
					}
				];
			});
			const source = `${JSON.stringify({ routes: routePreloadTable(chunks) }, null, '\t')}\n`;
			this.emitFile({ type: 'asset', fileName: PRELOAD_TABLE_FILE, source });
		}
	};
}

const SVELTE_NAMESPACE = "import * as svelte from 'svelte';";

/**
 * SvelteKit's client imports `svelte` as a namespace (to detect newer functions), and the
 * bundler then keeps every function Svelte exports (`fork`, `hydratable`, `createRawSnippet`,
 * the legacy lifecycle...) in the chunk every page loads. This names what the client reads of
 * it instead, as an object of the same shape (a name Svelte lacks reads undefined, as it did).
 */
export function kitClientSvelteImports(): Plugin {
	return {
		name: 'vanishdrop-kit-client-svelte-imports',
		enforce: 'pre',
		transform(code, id) {
			if (!id.includes('/@sveltejs/kit/src/runtime/client/client.js') || !code.includes(SVELTE_NAMESPACE))
				return null;
			return { code: code.replace(SVELTE_NAMESPACE, svelteAsObject(code)), map: null };
		}
	};
}

/** The names `code` reads off `svelte` (`svelte.tick`, `const { onMount } = svelte`), imported one by one. */
export function svelteAsObject(code: string): string {
	// Comments and strings name svelte.dev, +page.svelte.js...: only the code counts.
	const bare = code.replace(
		/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g,
		''
	);
	const names = new Set([...bare.matchAll(/\bsvelte\s*\.\s*(\w+)/g)].map((m) => m[1]!));
	for (const m of bare.matchAll(/const\s*\{([^}]*)\}\s*=\s*svelte\b/g))
		for (const name of m[1]!.split(',')) names.add(name.trim().split(/\s*:/)[0]!);
	const list = [...names].filter((n) => /^\w+$/.test(n)).sort();
	const imports = list.map((n) => `${n} as __svelte_${n}`).join(', ');
	return `import { ${imports} } from 'svelte';\nconst svelte = { ${list.map((n) => `${n}: __svelte_${n}`).join(', ')} };`;
}

const SHA512_COPY = '?sha512-copy';

/**
 * @noble/hashes keeps SHA-256 and SHA-512 in one module (sha2.js), and a module goes whole into
 * one chunk: so every room page carried SHA-512, which only a code room's CPace and the curves
 * (ristretto255, x25519 for a nearby pairing) use. Those importers get a copy of the module of
 * their own, loaded with them; the rooms' SHA-256 module keeps only what they use.
 */
export function sha512WithTheCurves(): Plugin {
	return ownCopyFor({
		name: 'vanishdrop-sha512-with-the-curves',
		module: '@noble/hashes/sha2.js',
		importers: (importer) =>
			importer.includes('/node_modules/@noble/curves/') || importer.includes('/src/lib/code-room/'),
		suffix: SHA512_COPY
	});
}

/**
 * A plugin that gives `module`, where `importers` import it, a copy of its own (its id with
 * `suffix`): the bundler then puts that copy in their chunk, and what only they use of it stays
 * out of the chunk where the module itself goes.
 */
function ownCopyFor(o: {
	name: string;
	module: string;
	importers: (importer: string) => boolean;
	suffix: string;
}): Plugin {
	return {
		name: o.name,
		enforce: 'pre',
		async resolveId(id, importer) {
			if (id !== o.module || !importer || !o.importers(importer)) return null;
			const resolved = await this.resolve(id, importer, { skipSelf: true });
			// Where the server build leaves the package external, there is nothing to split.
			if (!resolved || resolved.external || !resolved.id.startsWith('/')) return null;
			return resolved.id + o.suffix;
		},
		load: (id) => (id.endsWith(o.suffix) ? readFileSync(id.slice(0, -o.suffix.length), 'utf8') : null)
	};
}

const STATIC_LOCALE_WARNING = /^[ \t]*if \([^\n]*__PARAGLIDE_STATIC_LOCALE__[^\n]*console\.warn\([^\n]*$/gm;
const MESSAGE_EXPORT = /export const (\w+) = [\s\S]*$/;

/**
 * One compiled message module for a build of one language: the exported message is that
 * language's function itself, not a dispatcher over every language (a wrapper per message is
 * bytes on every page). Without a language, only the warning goes.
 */
export function leanMessageModule(code: string, locale: string | undefined): string {
	const lean = code.replace(STATIC_LOCALE_WARNING, '');
	const exported = MESSAGE_EXPORT.exec(lean);
	if (!locale || !exported) return lean;
	const [tail, name] = exported;
	const branch = new RegExp(
		`if \\(locale === "${locale.replace(/[^\w-]/g, '')}"\\) return (\\w+)\\(inputs\\)`
	).exec(tail);
	const fallback = /return (\w+)\(inputs\)\s*\}\);?\s*$/.exec(tail);
	const own = branch?.[1] ?? (locale === 'en' ? fallback?.[1] : undefined);
	if (!own) return lean;
	return `${lean.slice(0, exported.index)}export const ${name} = ${own};\n`;
}

/** Leaner compiled messages (src/lib/paraglide/messages/*) for the build of `locale`. */
export function leanStaticMessages(locale: string | undefined): Plugin {
	return {
		name: 'vanishdrop-lean-static-messages',
		transform(code, id) {
			if (!id.includes('/src/lib/paraglide/messages/')) return null;
			return { code: leanMessageModule(code, locale), map: null };
		}
	};
}

const LEGACY_ROOT_IMPORT = "import { asClassComponent } from 'svelte/legacy';";
const LEGACY_ROOT_EXPORT = 'export default asClassComponent(Root);';

/**
 * SvelteKit wraps its generated root component in Svelte's legacy class wrapper
 * (`asClassComponent` from `svelte/legacy`, 0.85 KB gz on every page) because its client creates
 * the root with `new`. `src/lib/kit/class-root.svelte.ts` is the same shape, with only what the
 * client uses. A root.js of another shape (a newer SvelteKit) is left as it is.
 */
export function kitRootWithoutLegacy(): Plugin {
	return {
		name: 'vanishdrop-kit-root-without-legacy',
		enforce: 'pre',
		transform(code, id) {
			if (!id.endsWith('/.svelte-kit/generated/root.js')) return null;
			if (!code.includes(LEGACY_ROOT_IMPORT) || !code.includes(LEGACY_ROOT_EXPORT)) return null;
			const lean = code
				.replace(LEGACY_ROOT_IMPORT, "import { classRoot } from '$lib/kit/class-root.svelte';")
				.replace(LEGACY_ROOT_EXPORT, 'export default classRoot(Root);');
			return { code: lean, map: null };
		}
	};
}

const UNIVERSAL_NAMESPACE = /^import \* as universal from ("[^"\n]+");\nexport \{ universal \};$/m;

/**
 * The names a route's universal module (`+layout.ts`, `+page.ts`) exports, when each is a plain
 * `export const`/`let`/`function`/`class` declaration; null for any other export form.
 */
export function declaredExports(source: string): string[] | null {
	const bare = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
	const all = [...bare.matchAll(/\bexport\b/g)].length;
	const names = [...bare.matchAll(/^export (?:const|let|var|(?:async )?function\*?|class) (\w+)/gm)].map(
		(m) => m[1]!
	);
	return names.length === all ? names : null;
}

/**
 * SvelteKit's client manifest imports a route's universal module as a namespace and re-exports
 * it (`import * as universal`), and the bundler makes that object with its module runtime (the
 * CommonJS interop helpers, 0.5 KB gz), which the home page then loads for the root layout's two
 * flags alone. Where every export is a plain declaration, the node exports an object of the same
 * names instead (what the client reads off it: `ssr`, `load`...). Any other form is left as it is.
 */
export function kitUniversalAsObject(): Plugin {
	return {
		name: 'vanishdrop-kit-universal-as-object',
		enforce: 'pre',
		transform(code, id) {
			if (!/\/\.svelte-kit\/generated\/client(?:-optimized)?\/nodes\/\d+\.js$/.test(id)) return null;
			const found = UNIVERSAL_NAMESPACE.exec(code);
			if (!found) return null;
			const from = JSON.parse(found[1]!) as string;
			const names = declaredExports(readFileSync(join(dirname(id), from), 'utf8'));
			if (!names) return null;
			const object = `import { ${names.join(', ')} } from ${found[1]};\nexport const universal = { ${names.join(', ')} };`;
			return { code: code.replace(found[0], object), map: null };
		}
	};
}

const GCM_COPY = '?vanishdrop-gcm-copy';

/**
 * `@noble/ciphers`' helpers (utils.js) are shared by XChaCha20-Poly1305, which every room page
 * loads (its signals are sealed with it), and by AES-GCM in JS, loaded only where a page without
 * `crypto.subtle` opens a GCM copy. A module goes whole into one chunk, so the helpers only GCM
 * uses sat in every room page (about 0.4 KB gz): GCM's modules get a copy of their own.
 */
export function nobleGcmWithItsHelpers(): Plugin {
	return ownCopyFor({
		name: 'vanishdrop-noble-gcm-with-its-helpers',
		module: './utils.js',
		importers: (importer) => /\/node_modules\/@noble\/ciphers\/(aes|_polyval)\.js$/.test(importer),
		suffix: GCM_COPY
	});
}
