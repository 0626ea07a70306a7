import { randomToken } from '../crypto/base64url';
import { sha256Hex } from '../crypto/sha256-digest';
import { loadOptions, saveOptions } from '../device/saved-options';
import { prepareForSending, warmUpPreparation, watermarkForRecipient } from '../image/load-preparation';
import { friendlyName } from '../names/friendly-name';
import { takeEarlySocket } from '../signaling/early-socket';
import { SignalingClient } from '../signaling/signaling-client';
import { systemClock } from '../time/clock';
import { warmUpFormatters } from '../time/locale-format';
import { prepareVideoForSending } from '../video/load-video-preparation';
import { PeerLink } from '../webrtc/peer-link';
import type { RoomDeps } from './room-ports';

/** The real collaborators of a room page: the server at `signalingUrl`, WebRTC, the photo worker. */
export function browserRoomDeps(signalingUrl: string): RoomDeps {
	return {
		connectSignaling: (handlers) =>
			new SignalingClient(signalingUrl, handlers, takeEarlySocket(signalingUrl)),
		createLink: (options) => new PeerLink(options),
		// Feature-detected, never guessed from the browser's name: Tor Browser, Firefox with
		// `media.peerconnection.enabled` off and some in-app browsers have none.
		webrtc: typeof globalThis.RTCPeerConnection === 'function',
		clock: systemClock,
		preparation: {
			prepare: prepareForSending,
			prepareVideo: prepareVideoForSending,
			watermark: watermarkForRecipient,
			hash: sha256Hex
		},
		savedOptions: { load: loadOptions, save: saveOptions },
		randomId: randomToken,
		generateName: friendlyName,
		warmUp: () => {
			warmUpPreparation();
			warmUpFormatters();
		},
		loadDrops: () => import('./room-drop-parts')
	};
}
