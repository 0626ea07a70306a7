import { startSignalingProxy } from './signaling-proxy';

/** Which part of a relayed signal the proxy changes: a sealed box, or a code room's PAKE share. */
export type TamperTarget = 'box' | 'share';

function changedAtMiddle(text: string): string {
	const at = Math.floor(text.length / 2);
	return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

/**
 * A signal frame with one character of its sealed box (or PAKE share) changed (never back to
 * itself), as a server would have to change it to swap the DTLS fingerprint inside or to sit in
 * the middle of the key exchange; null for other frames.
 */
function alterSignal(text: string, target: TamperTarget): string | null {
	let frame: unknown;
	try {
		frame = JSON.parse(text);
	} catch {
		return null;
	}
	const f = frame as { type?: unknown; data?: Record<string, unknown> };
	const field = f.data?.[target];
	if (f.type !== 'signal' || !f.data || typeof field !== 'string') return null;
	f.data[target] = changedAtMiddle(field);
	return JSON.stringify(f);
}

/**
 * A tampering server: with `tamper`, it alters every signal a browser sends, once, on its way in
 * to the server. It also counts the frames in which it could have found a DTLS fingerprint.
 */
export async function startTamperingProxy(
	target: { port: number },
	tamper = true,
	what: TamperTarget = 'box'
) {
	let rewritten = 0;
	let fingerprintsSeen = 0;
	const proxy = await startSignalingProxy(target, {
		fromBrowser: (_socket, text) => {
			if (text.includes('a=fingerprint')) fingerprintsSeen++;
			const altered = tamper ? alterSignal(text, what) : null;
			if (altered) rewritten++;
			return altered ?? text;
		}
	});
	return { ...proxy, rewritten: () => rewritten, fingerprintsSeen: () => fingerprintsSeen };
}
