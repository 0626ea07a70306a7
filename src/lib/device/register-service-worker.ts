/**
 * Service workers exist only in secure contexts (https, localhost). On a plain-http LAN page the
 * app simply runs without one.
 */
export function registerServiceWorker(dev: boolean): void {
	if (dev || !isSecureContext || !('serviceWorker' in navigator)) return;
	navigator.serviceWorker.register('/service-worker.js').catch(() => undefined);
}
