import type { ErrorCode } from '../protocol/error-codes';
import type { PeerFailure } from '../peers/peer.svelte';
import type { DropKind } from '../protocol/peer-messages';

/** What a person reads when something goes wrong: plain words, a next step, no input echoed. */
export const SERVER_ERRORS: Record<ErrorCode, string> = {
	'bad-message': 'The server could not understand this app. Reload the page.',
	'bad-room': 'This room link is not valid.',
	'bad-name': 'That display name is not allowed.',
	'bad-proof':
		'This room link is incomplete: the part after # is missing or changed. Ask for the link again.',
	'room-full': 'This room is full (20 devices). Ask someone to leave, or start a new room.',
	'no-such-room': 'There is no room with that code. Check the code, or create a new room.',
	'room-exists': 'That room code is taken. Go back and create another room.',
	'id-taken': "This tab's place in the room was taken by another device. Reload the page to join again.",
	'name-taken': 'Someone in the room already has that name, or one that looks just like it.',
	'not-joined': 'Not connected to the room yet.',
	'already-joined': 'Already in the room.',
	'unknown-peer': 'That device has left the room.',
	'rate-limited': 'Too many requests. Wait a moment, then reload.',
	'too-many-rooms': 'The server has too many rooms open right now. Try again later.',
	'too-many-connections': 'Too many connections from this network. Close some tabs and retry.',
	'code-closed':
		'This code was closed after too many wrong tries, so nobody can keep guessing it. Make a new code and read it out again.',
	'no-nameplate': 'The server has too many code rooms open right now. Try again later, or use a link.'
};

/** A pair of devices whose code exchange failed: the other one typed another code (or someone guessed). */
export const CODE_MISMATCH_TEXT = 'Could not verify: check the code.';

export function codeMismatchText(name: string): string {
	return `${CODE_MISMATCH_TEXT} ${name} used a different code, so nothing will be sent to it.`;
}

/** This browser has no WebRTC, or it is turned off: the page can't reach any device. */
export const NO_WEBRTC_TEXT =
	"This browser can't connect device to device (WebRTC is missing or turned off), so it can't send or receive photos, texts or videos. Open the link in a current Firefox, Chrome, Edge or Safari, and check that WebRTC is not disabled.";

export function linkFailureText(
	name: string,
	failure: PeerFailure,
	{ relayConfigured = false } = {}
): string {
	switch (failure) {
		case 'unverified':
			return `Could not verify this device (${name}). Someone may be tampering with the connection, so nothing will be sent to it.`;
		case 'stuck':
			return relayConfigured
				? `Can't reach ${name}, not even through this server's relay. A network on the way may block device-to-device traffic and the relay (guest Wi-Fi and strict firewalls do). Try another network or a phone hotspot.`
				: `Can't reach ${name} directly. This network may block device-to-device traffic (guest Wi-Fi often does), and this server has no relay (TURN) set up to get around it. Try another network or a phone hotspot.`;
		case 'hostile':
			return `${name} sent data that breaks the protocol and was disconnected. Nothing it sent was kept.`;
		case 'connection-failed':
			return `Lost the connection to ${name}.`;
		case 'wrong-code':
			return codeMismatchText(name);
		case 'name-clash':
			return `A device called itself "${name}", a name another device in this room already has, and was disconnected. Compare safety codes to tell devices apart.`;
		case 'peer-no-webrtc':
			return `${name} is using a browser that can't connect device to device, so nothing can be sent to it or received from it. It needs a current Firefox, Chrome, Edge or Safari.`;
		case 'no-webrtc':
			return NO_WEBRTC_TEXT;
	}
}

/** What a person calls one drop of each kind, and several. */
const NOUN: Record<DropKind, { one: string; many: string }> = {
	photo: { one: 'photo', many: 'photos' },
	text: { one: 'text', many: 'texts' },
	video: { one: 'video', many: 'videos' }
};

/** A drop refused because this device holds enough unopened drops already. */
export function overBudgetText(name: string, fromEveryone: boolean, kind: DropKind): string {
	const { one, many } = NOUN[kind];
	return fromEveryone
		? `This device holds as many unopened drops as it can. A ${one} from ${name} was refused: open or let some expire first.`
		: `${name} sent more ${many} than this device keeps unopened at once. The rest were refused: open or let some expire first.`;
}

export function stalledText(name: string, kind: DropKind): string {
	return `A ${NOUN[kind].one} from ${name} stopped arriving and was dropped. Nothing of it was kept.`;
}

export function calledBackText(name: string, kind: DropKind): string {
	return `${name} called back a ${NOUN[kind].one} before it arrived whole: it failed their check. Nothing of it was kept.`;
}

export function refusedContentText(name: string, kind: DropKind): string {
	switch (kind) {
		case 'photo':
			return `The photo from ${name} is not the picture it claimed to be (its real size or format differs, or it is too large to open safely). It was not opened.`;
		case 'video':
			return `The video from ${name} is not the clip it claimed to be (its real format differs, or it is longer than a minute). It was not played.`;
		case 'text':
			return `The text from ${name} is not readable text, or is longer than a text may be. It was not shown.`;
	}
}

export function badSealText(name: string, kind: DropKind): string {
	return `The ${NOUN[kind].one} from ${name} was changed on its way or sealed wrongly, so it can't be opened. Nothing was shown.`;
}

export function describePrepareError(err: unknown, fileName: string): string {
	const what = fileName ? `"${fileName.slice(0, 60)}"` : 'That file';
	if (err instanceof Error && 'code' in err && typeof err.message === 'string' && err.message) {
		return `${what}: ${err.message} Nothing was sent.`;
	}
	return `${what} could not be prepared. Nothing was sent.`;
}
