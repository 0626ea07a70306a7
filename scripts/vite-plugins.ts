import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

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

// Paraglide's per-message guard against `options.locale` in a one-language build: one
// console.warn per message, several KB over a page's messages. The app never passes a locale.
const STATIC_LOCALE_WARNING = /^[ \t]*if \([^\n]*__PARAGLIDE_STATIC_LOCALE__[^\n]*console\.warn\([^\n]*$/gm;

/** Drops that guard from the compiled messages (src/lib/paraglide/messages/*). */
export function leanStaticMessages(): Plugin {
	return {
		name: 'vanishdrop-lean-static-messages',
		transform(code, id) {
			if (!id.includes('/src/lib/paraglide/messages/')) return null;
			return { code: code.replace(STATIC_LOCALE_WARNING, ''), map: null };
		}
	};
}
