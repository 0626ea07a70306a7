import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { staticMessages } from './scripts/static-messages.js';

// scripts/build-app.mjs builds once per language, each into a staging folder of its own.
const out = process.env.VD_BUILD_DIR ?? 'build';
// In a build of one language, constant messages go into the markup as plain text.
const locale = process.env.VD_LOCALE;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: [vitePreprocess(), ...(locale ? [staticMessages(import.meta.dirname, locale)] : [])],
	// No `window.__svelte` version stamp: it tells any page script what we run, and costs bytes.
	compilerOptions: { runes: true, discloseVersion: false },
	kit: {
		// A single-page app: the signaling server serves index.html for every app route.
		adapter: adapter({ pages: out, assets: out, fallback: 'index.html', strict: true }),
		// The service worker is registered by hand, only in secure contexts.
		serviceWorker: { register: false },
		csp: { mode: 'hash', directives: { 'script-src': ['self'] } }
	}
};

export default config;
