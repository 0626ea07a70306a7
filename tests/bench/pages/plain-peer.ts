/**
 * A bare RTCPeerConnection with one negotiated data channel. SDP goes through the Node side
 * whole (ICE gathered first), so no signaling server is involved.
 */
export class PlainPeer {
	readonly pc = new RTCPeerConnection();
	readonly channel: RTCDataChannel;
	readonly open: Promise<void>;

	constructor() {
		this.channel = this.pc.createDataChannel('bench', { negotiated: true, id: 0, ordered: true });
		this.channel.binaryType = 'arraybuffer';
		this.open = new Promise((resolve, reject) => {
			this.channel.addEventListener('open', () => resolve(), { once: true });
			this.channel.addEventListener('close', () => reject(new Error('channel closed')), { once: true });
		});
	}

	async offer(): Promise<RTCSessionDescriptionInit> {
		await this.pc.setLocalDescription(await this.pc.createOffer());
		return this.#gathered();
	}

	async answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
		await this.pc.setRemoteDescription(offer);
		await this.pc.setLocalDescription(await this.pc.createAnswer());
		return this.#gathered();
	}

	async accept(answer: RTCSessionDescriptionInit): Promise<void> {
		await this.pc.setRemoteDescription(answer);
	}

	async #gathered(): Promise<RTCSessionDescriptionInit> {
		if (this.pc.iceGatheringState !== 'complete') {
			await new Promise<void>((resolve) => {
				const check = () => {
					if (this.pc.iceGatheringState !== 'complete') return;
					this.pc.removeEventListener('icegatheringstatechange', check);
					resolve();
				};
				this.pc.addEventListener('icegatheringstatechange', check);
			});
		}
		const d = this.pc.localDescription;
		if (!d) throw new Error('no local description');
		return { type: d.type, sdp: d.sdp };
	}

	close(): void {
		this.channel.close();
		this.pc.close();
	}
}
