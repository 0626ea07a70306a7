import { startSignalingProxy } from './signaling-proxy';

/**
 * A signal frame with one character of its sealed box changed (never back to itself), as a
 * server would have to change it to swap the DTLS fingerprint inside; null for other frames.
 */
function alterSealedSignal(text: string): string | null {
	let frame: unknown;
	try {
		frame = JSON.parse(text);
	} catch {
		return null;
	}
	const f = frame as { type?: unknown; data?: { box?: unknown } };
	if (f.type !== 'signal' || typeof f.data?.box !== 'string') return null;
	const box = f.data.box;
	const at = Math.floor(box.length / 2);
	f.data.box = box.slice(0, at) + (box[at] === 'A' ? 'B' : 'A') + box.slice(at + 1);
	return JSON.stringify(f);
}

/**
 * A tampering server: with `tamper`, it alters every signal a browser sends, once, on its way in
 * to the server. It also counts the frames in which it could have found a DTLS fingerprint.
 */
export async function startTamperingProxy(target: { port: number }, tamper = true) {
	let rewritten = 0;
	let fingerprintsSeen = 0;
	const proxy = await startSignalingProxy(target, {
		fromBrowser: (_socket, text) => {
			if (text.includes('a=fingerprint')) fingerprintsSeen++;
			const altered = tamper ? alterSealedSignal(text) : null;
			if (altered) rewritten++;
			return altered ?? text;
		}
	});
	return { ...proxy, rewritten: () => rewritten, fingerprintsSeen: () => fingerprintsSeen };
}
