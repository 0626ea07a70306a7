/**
 * How long after the page's `load` the worker is registered. Its install downloads every file of
 * the app: done at once, it competes with the page's own start (on a room page, the join, the
 * first offers and the server relaying them) for the network, the server and the main thread.
 */
const AFTER_LOAD_MS = 3000;

/**
 * Registers the app's service worker a while after the page has loaded; returns what cancels it.
 * Service workers exist only in secure contexts (https, localhost): on a plain-http LAN page the
 * app simply runs without one.
 */
export function registerServiceWorker(dev: boolean): () => void {
	if (dev || !isSecureContext || !('serviceWorker' in navigator)) return () => {};
	let timer: ReturnType<typeof setTimeout> | undefined;
	const later = () => {
		timer = setTimeout(
			() => navigator.serviceWorker.register('/service-worker.js').catch(() => {}),
			AFTER_LOAD_MS
		);
	};
	if (document.readyState === 'complete') later();
	else addEventListener('load', later, { once: true });
	return () => {
		removeEventListener('load', later);
		clearTimeout(timer);
	};
}
