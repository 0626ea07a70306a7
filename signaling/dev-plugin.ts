import type { Plugin } from 'vite';
import { attachSignaling, type HubOptions } from './signaling-hub';

/**
 * Serves `/ws` signaling from the Vite dev server, so `npm run dev` needs one port. Only
 * upgrades for `/ws` are taken; Vite's HMR socket is left alone.
 */
export function signalingDevPlugin(options: HubOptions = {}): Plugin {
	return {
		name: 'vanishdrop-signaling',
		apply: 'serve',
		configureServer(server) {
			// Vitest starts a Vite server too; tests create their own signaling servers.
			if (process.env.VITEST) return;
			const httpServer = server.httpServer;
			// Middleware mode has no server of its own to attach to.
			if (!httpServer) return;
			const hub = attachSignaling(httpServer, {
				// Vite knows its network URLs only when exposed with --host, which is just right.
				lanUrls: () => server.resolvedUrls?.network ?? [],
				...options,
				exclusiveUpgrades: false
			});
			httpServer.once('close', () => void hub.close());
		}
	};
}
