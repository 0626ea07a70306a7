import { fromBase64Url } from '#crypto/base64url';
import type { SignalEnvelope } from '#protocol/signal-envelope';
import { RecentLinkIds } from '../../../src/lib/peers/recent-link-ids';
import { PeerLink } from '../../../src/lib/webrtc/peer-link';
import type { LinkSetup } from './bench-api';

/** The app's PeerLink, its sealed signals carried by the Node side instead of the server. */
export class AppLink {
	readonly link: PeerLink;
	readonly ready: Promise<void>;
	onText: (text: string) => void = () => undefined;
	onBinary: (data: ArrayBuffer) => void = () => undefined;

	constructor(setup: LinkSetup, sendSignal: (envelope: SignalEnvelope) => void) {
		const signalKey = fromBase64Url(setup.signalKey);
		if (!signalKey) throw new Error('bad signal key');
		let settle: { resolve: () => void; reject: (e: Error) => void } | null = null;
		this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
		this.link = new PeerLink({
			selfId: setup.selfId,
			peerId: setup.peerId,
			roomId: setup.roomId,
			signalKey,
			role: setup.role,
			iceServers: [],
			usedLinks: new RecentLinkIds(),
			sendSignal: (_to, envelope) => sendSignal(envelope),
			onState: (state, failure) => {
				if (state === 'ready') settle?.resolve();
				else if (state === 'failed') settle?.reject(new Error(`link failed: ${failure ?? 'unknown'}`));
			},
			onText: (text) => this.onText(text),
			onBinary: (data) => this.onBinary(data)
		});
	}

	get channel(): RTCDataChannel {
		const ch = this.link.channel;
		if (!ch) throw new Error('link not ready');
		return ch;
	}
}
