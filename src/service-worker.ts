/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Caches the app shell so the app opens with no server. It only ever holds the app's own code
// and icons: photos never go through a server, so there is nothing else to cache.
import { build, files, version } from '$service-worker';
import { toBase64Url } from '$lib/crypto/base64url';
import { sharedFilesOf, ShareInbox } from '$lib/share/share-inbox';
import { parseTakeShare, SHARE_PATH, type ShareAnswer } from '$lib/share/share-messages';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `vanishdrop-${version}`;
const SHELL = ['/', ...build, ...files.filter((f) => !f.endsWith('.map'))];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(SHELL))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

// Files shared from the phone's share sheet (the manifest's `share_target`) stay in this
// worker's memory until the page the share opens takes them: no cache, no store.
const inbox = new ShareInbox({
	token: () => toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
	setTimeout: (fn, ms) => setTimeout(fn, ms)
});

async function acceptShare(event: FetchEvent): Promise<Response> {
	let shared: File[] = [];
	try {
		shared = sharedFilesOf(await event.request.formData());
	} catch {
		// Not a form: the page says nothing arrived.
	}
	if (shared.length === 0) return Response.redirect(SHARE_PATH, 303);
	const { token, settled } = inbox.hold(shared);
	event.waitUntil(settled);
	return Response.redirect(`${SHARE_PATH}#${token}`, 303);
}

sw.addEventListener('message', (event) => {
	const ask = parseTakeShare(event.data);
	const port = event.ports[0];
	if (!ask || !port) return;
	const taken = inbox.take(ask.token);
	const answer: ShareAnswer = taken ? { type: 'shared-files', files: taken } : { type: 'no-share' };
	port.postMessage(answer);
	port.close();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (request.method === 'POST' && url.pathname === SHARE_PATH) {
		event.respondWith(acceptShare(event));
		return;
	}
	if (request.method !== 'GET') return;
	if (request.mode === 'navigate') {
		// Fresh when the server is there; the cached shell when it is not (every route is the SPA).
		event.respondWith(fetch(request).catch(async () => (await caches.match('/')) ?? Response.error()));
		return;
	}
	if (SHELL.includes(url.pathname)) {
		event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
	}
});
