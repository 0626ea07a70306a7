import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { staticMessages } from './scripts/static-messages.js';

// scripts/build-app.mjs builds once per language, each into a staging folder of its own.
const out = process.env.VD_BUILD_DIR ?? 'build';
// In a build of one language, constant messages go into the markup as plain text.
const locale = process.env.VD_LOCALE;

// The inline script of src/app.html (a room page's early socket) runs under the page's CSP by its
// hash; the server's CSP header hashes every inline script of the pages it serves.
const appHtml = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
/** @type {import('@sveltejs/kit').Csp.Source[]} */
const appHtmlScripts = [...appHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
	([, body]) =>
		`sha256-${createHash('sha256')
			.update(body ?? '', 'utf8')
			.digest('base64')}`
);

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
		csp: { mode: 'hash', directives: { 'script-src': ['self', ...appHtmlScripts] } }
	}
};

export default config;
