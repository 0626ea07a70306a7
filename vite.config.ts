import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { MESSAGES_COMPILER_OPTIONS } from './scripts/messages-compiler.ts';
import {
	kitClientSvelteImports,
	kitRootWithoutLegacy,
	kitUniversalAsObject,
	nobleGcmWithItsHelpers,
	leanStaticMessages,
	routePreloads,
	sha512WithTheCurves,
	simplePeerWithoutNode,
	svelteRuntimeWhereUsed
} from './scripts/vite-plugins.ts';
import type { attachSignaling as AttachSignaling } from './signaling/hub/attach-signaling';

/**
 * Serves `/ws` signaling from the Vite dev server, so `npm run dev` needs one port. Only
 * upgrades for `/ws` are taken; Vite's HMR socket is left alone. The hub is loaded through Vite
 * itself (ssrLoadModule), so this file imports no server code and builds never load it.
 */
function signalingDevServer(): Plugin {
	return {
		name: 'vanishdrop-signaling',
		apply: 'serve',
		async configureServer(server) {
			// Vitest starts a Vite server too; tests create their own signaling servers.
			if (process.env.VITEST) return;
			const httpServer = server.httpServer;
			// Middleware mode has no server of its own to attach to.
			if (!httpServer) return;
			const { attachSignaling } = (await server.ssrLoadModule('/signaling/hub/attach-signaling.ts')) as {
				attachSignaling: typeof AttachSignaling;
			};
			const hub = attachSignaling(httpServer, {
				// Vite knows its network URLs only when exposed with --host, which is just right.
				lanUrls: () => server.resolvedUrls?.network ?? [],
				exclusiveUpgrades: false
			});
			httpServer.once('close', () => void hub.close());
		}
	};
}

/**
 * libheif-js's glue `require`s fs, path and crypto on its Node path only: in the photo worker
 * they are empty modules, said here rather than warned about on every build.
 */
function libheifWithoutNode(): Plugin {
	const empty = '\0libheif-node-builtin';
	return {
		name: 'vanishdrop-libheif-without-node',
		enforce: 'pre',
		resolveId: (id, importer) =>
			importer?.includes('/libheif-js/') && ['fs', 'path', 'crypto'].includes(id) ? empty : null,
		load: (id) => (id === empty ? 'export default {};' : null)
	};
}

/**
 * The interface language this build is for (`VD_LOCALE`, set by scripts/build-app.mjs, one build
 * per language): its messages are then the only ones in the bundle. Unset (dev, tests), every
 * language is bundled and the `vd-lang` cookie or the browser's languages choose at run time.
 */
const buildLocale = process.env.VD_LOCALE;

export default defineConfig({
	plugins: [
		// Vitest compiles the messages once in its global setup: the plugin's watcher kept it open.
		...(process.env.VITEST
			? []
			: [paraglideVitePlugin(MESSAGES_COMPILER_OPTIONS), leanStaticMessages(buildLocale)]),
		simplePeerWithoutNode(),
		svelteRuntimeWhereUsed(),
		kitClientSvelteImports(),
		kitRootWithoutLegacy(),
		kitUniversalAsObject(),
		sha512WithTheCurves(),
		nobleGcmWithItsHelpers(),
		sveltekit(),
		signalingDevServer(),
		routePreloads()
	],
	define: buildLocale ? { 'globalThis.__PARAGLIDE_STATIC_LOCALE__': JSON.stringify(buildLocale) } : {},
	worker: { format: 'es', plugins: () => [libheifWithoutNode()] },
	build: {
		target: 'es2022',
		// Rolldown's note on slow plugins (SvelteKit's own writeBundle) is noise in `npm start`.
		rolldownOptions: { checks: { bundlerTimings: false } }
	},
	test: {
		include: ['src/**/*.test.ts', 'signaling/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['scripts/messages-compiler.ts'],
		testTimeout: 20_000
	}
});
