// simple-peer ships no types. The build gives it browser stand-ins for its Node parts
// (scripts/vite-plugins.ts, simplePeerWithoutNode).
declare module 'simple-peer' {
	export interface SimplePeerOptions {
		initiator?: boolean;
		trickle?: boolean;
		config?: RTCConfiguration;
		channelName?: string;
		channelConfig?: RTCDataChannelInit;
		allowHalfTrickle?: boolean;
	}

	export interface SimplePeerSignal {
		type?: string;
		sdp?: string;
		candidate?: RTCIceCandidateInit;
		renegotiate?: boolean;
		transceiverRequest?: unknown;
	}

	export default class SimplePeer {
		constructor(options?: SimplePeerOptions);
		/** The underlying connection and data channel: used for stats and flow control. */
		_pc: RTCPeerConnection;
		_channel: RTCDataChannel | null;
		connected: boolean;
		destroyed: boolean;
		signal(data: SimplePeerSignal): void;
		negotiate(): void;
		send(data: string | Uint8Array): void;
		destroy(err?: Error): void;
		on(event: 'signal', listener: (data: SimplePeerSignal) => void): this;
		on(event: 'connect' | 'close', listener: () => void): this;
		on(event: 'data', listener: (data: unknown) => void): this;
		on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
		on(event: 'iceStateChange', listener: (ice: string, gathering: string) => void): this;
		removeAllListeners(): this;
	}
}
