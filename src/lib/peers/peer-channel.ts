import type { Refusal } from '../drops/drop-receiver';
import { fromBase64Url } from '../crypto/base64url';
import { decodeChunk, isSafetyMessage, parsePeerMessage, type PeerMessage } from '../protocol/peer-messages';
import type { DropParts, DropPartsPort } from '../room/drops-on-demand';
import type { PeerConnection } from './peer-connection';

/** Why a peer was cut off: every rule that marks a peer hostile, in words for the log and tests. */
export type HostileReason =
	| 'flood'
	| 'garbage'
	| 'receipt-for-drop-never-sent'
	| 'view-request-for-drop-never-sent'
	| 'revoke-for-drop-not-from-it'
	| 'key-for-drop-not-from-it'
	| 'confirmed-another-code'
	| Refusal;

export interface PeerChannelOptions {
	/** The drop sender and receiver: what a peer says of drops waits for their code, in order. */
	drops: DropPartsPort;
	/** Cuts the peer off: it is marked failed, and nothing it sent is kept. */
	hostile: (conn: PeerConnection, why: HostileReason) => void;
	/** A ready peer says its new name. */
	renamed: (conn: PeerConnection, name: string) => void;
}

type DropChunk = NonNullable<ReturnType<typeof decodeChunk>>;

/** What a peer says of drops: everything but the safety exchange, a confirmed code and a name. */
type DropMessage = Exclude<PeerMessage, { t: 'safety-commit' | 'safety-reveal' | 'codes-match' | 'name' }>;

/**
 * What a peer says on the data channel, parsed and handed to the drop sender or receiver. This
 * is where the rules live that mark a peer hostile: a peer that breaks one gets no second chance.
 */
export class PeerChannel {
	readonly #o: PeerChannelOptions;

	constructor(options: PeerChannelOptions) {
		this.#o = options;
	}

	onText(conn: PeerConnection, text: string): void {
		// A flood of small control messages is an attack on this tab, whatever they say.
		if (!conn.textLimit.allow()) return this.#hostile(conn, 'flood');
		const m = parsePeerMessage(text);
		// Until the safety exchange is done, the peer may say nothing else.
		if (conn.verification) {
			return m && isSafetyMessage(m) ? conn.verification.receive(m) : conn.verification.refuse();
		}
		if (!m) return this.#hostile(conn, 'garbage');
		switch (m.t) {
			case 'safety-commit':
			case 'safety-reveal':
				// There is one exchange per link, and it is over.
				return this.#hostile(conn, 'garbage');
			case 'codes-match':
				// A device that confirms a code this one does not show sees another connection:
				// someone sits in the middle, or it lies.
				if (m.code !== conn.peer.safetyCode) return this.#hostile(conn, 'confirmed-another-code');
				conn.peer.confirmedThere = m.code;
				return;
			case 'name':
				return this.#o.renamed(conn, m.name);
			default:
				if (!this.#o.drops.fromPeer((parts) => this.#onDropMessage(conn, m, parts)))
					return this.#hostile(conn, 'flood');
				return;
		}
	}

	/** What a peer says of a drop, once the drop code is there. */
	#onDropMessage(conn: PeerConnection, m: DropMessage, { sender, receiver }: DropParts): void {
		const from = conn.peer;
		switch (m.t) {
			case 'drop':
				return this.#judge(conn, receiver.onHeader(from, m));
			case 'receipt':
				// A receipt for a drop the peer never got is a lie.
				if (!sender.isRecipient(m.id, from.id)) return this.#hostile(conn, 'receipt-for-drop-never-sent');
				return sender.onReceipt(from.id, m.id, m.status, m.at);
			case 'view-request':
				// So is a request to open one.
				if (!sender.isRecipient(m.id, from.id))
					return this.#hostile(conn, 'view-request-for-drop-never-sent');
				return sender.answerViewRequest(m.id, conn);
			case 'view-answer':
				return receiver.onViewAnswer(from, m.id, m.granted ? fromBase64Url(m.key) : null);
			case 'drop-end': {
				const verdict = receiver.onDropEnd(from, m.id, m.stream, m.sha256);
				if (verdict instanceof Promise) void verdict.then((late) => this.#judge(conn, late));
				else this.#judge(conn, verdict);
				return;
			}
			case 'key': {
				const key = fromBase64Url(m.key);
				// Only a drop's own sender may hand over its key.
				if (!key || receiver.onKey(from, m.id, key)) return this.#hostile(conn, 'key-for-drop-not-from-it');
				return;
			}
			case 'revoke':
				// Only a drop's own sender may take it back.
				if (receiver.onRevoke(from, m.id, m.reason))
					return this.#hostile(conn, 'revoke-for-drop-not-from-it');
				return;
			case 'abort':
				if (receiver.onAbort(from, m.id)) return this.#hostile(conn, 'revoke-for-drop-not-from-it');
				return;
		}
	}

	onBinary(conn: PeerConnection, data: ArrayBuffer): void {
		if (conn.verification) return conn.verification.refuse();
		const chunk = decodeChunk(data);
		if (!chunk) return this.#hostile(conn, 'garbage');
		if (!this.#o.drops.fromPeer(({ receiver }) => this.#onChunk(conn, chunk, receiver)))
			this.#hostile(conn, 'flood');
	}

	#onChunk(conn: PeerConnection, chunk: DropChunk, receiver: DropParts['receiver']): void {
		this.#judge(conn, receiver.onChunk(conn.peer, chunk.stream, chunk.payload));
	}

	/** A refusal by the receiver (a broken promise about a drop) is hostile too. */
	#judge(conn: PeerConnection, refusal: Refusal | null): void {
		if (refusal) this.#hostile(conn, refusal);
	}

	#hostile(conn: PeerConnection, why: HostileReason): void {
		this.#o.hostile(conn, why);
	}
}
