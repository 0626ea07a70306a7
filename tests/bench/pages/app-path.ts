/**
 * The app's own transfer path on one data channel: the real `DropSender`, `DropReceiver` and
 * `PeerChannel` that a room uses, wired to one peer. Only the photo preparation is left out (the
 * bytes are ready before the clock starts) and the receiver lets each drop go once it is sealed.
 * Drops are sealed as in the app (each chunk encrypted on the sender's main thread as it goes);
 * the writer's channel is tapped to time that work and to see whether the channel ever ran dry.
 */
import { randomToken } from '../../../src/lib/crypto/base64url';
import { sha256Hex } from '../../../src/lib/crypto/sha256-digest';
import { ChannelWriter } from '../../../src/lib/drops/channel-writer';
import { DropReceiver } from '../../../src/lib/drops/drop-receiver';
import { DropSender } from '../../../src/lib/drops/drop-sender';
import type { IncomingDrop } from '../../../src/lib/drops/incoming-drop.svelte';
import type { OutgoingDrop } from '../../../src/lib/drops/outgoing-drop.svelte';
import { DEFAULT_SEND_OPTIONS } from '../../../src/lib/drops/send-options';
import type { PreparedPhoto } from '../../../src/lib/image/prepared-photo';
import { PeerChannel } from '../../../src/lib/peers/peer-channel';
import { PeerConnection } from '../../../src/lib/peers/peer-connection';
import { Peer } from '../../../src/lib/peers/peer.svelte';
import { systemClock } from '../../../src/lib/time/clock';
import type { TransferTiming } from './bench-api';
import { TappedChannel } from './tapped-channel';

const OTHER_END = 'B'.repeat(22);

/** Takes `drop` off the list, if it is there. */
function without<T>(list: T[], drop: T): void {
	const at = list.indexOf(drop);
	if (at >= 0) list.splice(at, 1);
}

/** One tab's end of the path: it sends drops and receives them, as a room does. */
export class AppEnd {
	readonly #conn: PeerConnection;
	readonly #drops: (IncomingDrop | OutgoingDrop)[] = [];
	readonly #channel: PeerChannel;
	readonly #sender: DropSender;
	#photo: PreparedPhoto | null = null;
	readonly #tapped: TappedChannel;
	/** The drop being timed: resolved at its `delivered` receipt. */
	#delivered: (() => void) | null = null;

	constructor(channel: RTCDataChannel, onError: (e: Error) => void) {
		const conn = new PeerConnection(new Peer(OTHER_END, 'Bench Peer'), systemClock);
		this.#tapped = new TappedChannel(channel);
		conn.writer = new ChannelWriter(this.#tapped);
		conn.peer.state = 'ready';
		this.#conn = conn;
		const drops = this.#drops;
		const send = (_id: string, m: Parameters<ChannelWriter['sendMessage']>[0]) =>
			void conn.writer?.sendMessage(m);
		this.#sender = new DropSender({
			clock: systemClock,
			preparation: {
				prepare: async () => this.#takePhoto(),
				prepareVideo: () => Promise.reject(new Error('the bench sends photos')),
				watermark: async (photo) => photo,
				hash: sha256Hex
			},
			describePrepareError: (err) => String(err),
			// A card shown once its copy arrived (`CardsInWaiting`) is already over for the bench.
			show: (drop) => {
				if (drop.recipient(OTHER_END)?.status !== 'delivered') drops.unshift(drop);
			},
			remove: (drop) => without(drops, drop),
			drops: () => drops,
			connections: () => [conn],
			connection: () => conn,
			send,
			alert: (text) => onError(new Error(text)),
			newId: () => randomToken(16),
			onRecipientStatus: (drop) => {
				if (drop.recipient(OTHER_END)?.status !== 'delivered') return;
				this.#delivered?.();
				this.#delivered = null;
				// The bench sends the same bytes again: the card goes, the bytes stay.
				without(drops, drop);
			}
		});
		const receiver = new DropReceiver({
			clock: systemClock,
			show: (drop) => drops.unshift(drop),
			drops: () => drops,
			send,
			isPresent: () => true,
			// The app keeps the bytes until they are viewed; the bench lets them go.
			onSealed: (drop) => {
				drop.dispose();
				without(drops, drop);
			}
		});
		const parts = { sender: this.#sender, receiver, describePrepareError: (err: unknown) => String(err) };
		this.#channel = new PeerChannel({
			// Both halves are made up front: the bench times the path, not the code's load.
			drops: { need: (run) => run(parts), fromPeer: (run) => (run(parts), true) },
			hostile: (_conn, why) => onError(new Error(`the other end broke the protocol: ${why}`)),
			// Both ends of the bench keep their names.
			renamed: () => {}
		});
	}

	#takePhoto(): PreparedPhoto {
		const photo = this.#photo;
		if (!photo) throw new Error('no photo');
		this.#photo = null;
		return photo;
	}

	/** From the bytes handed to the sender to the `delivered` receipt back. */
	async send(bytes: Uint8Array<ArrayBuffer>): Promise<TransferTiming> {
		this.#photo = { bytes, mime: 'image/jpeg', width: 2560, height: 1440 };
		this.#tapped.take();
		const t0 = performance.now();
		// The bench sends one drop at a time: the next `delivered` receipt is this drop's.
		const delivered = new Promise<void>((resolve) => {
			this.#delivered = resolve;
		});
		this.#sender.sendFiles([new File([], 'bench.jpg')], structuredClone(DEFAULT_SEND_OPTIONS));
		await this.#sender.settled;
		await delivered;
		const ms = performance.now() - t0;
		const tap = this.#tapped.take();
		// The sends' times, from the bytes handed to the sender.
		tap.headerAt -= t0;
		tap.lastChunkAt -= t0;
		tap.trailerAt -= t0;
		return { ms, tap };
	}

	onText(text: string): void {
		this.#channel.onText(this.#conn, text);
	}

	onBinary(data: ArrayBuffer): void {
		this.#channel.onBinary(this.#conn, data);
	}
}
