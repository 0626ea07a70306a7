import type { BrowserContext } from '@playwright/test';

/**
 * Makes every RTCPeerConnection in this context gather relay candidates only, as a device
 * behind a network that lets nothing through but a TURN relay would. The connection itself is
 * the browser's own; only its configuration changes. Call before the page loads the app.
 */
export async function forceRelayOnly(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const Native = window.RTCPeerConnection;
		class RelayOnlyPeerConnection extends Native {
			constructor(config?: RTCConfiguration) {
				super({ ...config, iceTransportPolicy: 'relay' });
			}
		}
		window.RTCPeerConnection = RelayOnlyPeerConnection;
	});
}
