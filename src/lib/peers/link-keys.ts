import { randomToken } from '../crypto/base64url';
import type { RoomKeys } from '../crypto/room-keys';
import { safetyCodeKey, type SafetyContext } from '../crypto/safety-code';
import { sealSignal, signalSealKey } from '../crypto/signal-auth';
import type { LinkRole, SignalEnvelope } from '../protocol/signal-envelope';
import type { PeerConnection } from './peer-connection';

/** The keys of one pair's signals and safety code (`PeerConnection.keys`). */
export interface PairLinkKeys {
	signalKey: Uint8Array;
	safetyKey: Uint8Array;
}

/**
 * Which keys seal a pair's signals and key its safety code: the room's, or, in a code room, the
 * pair's own (agreed through `PairingPort`; the room has none that both hold).
 */
export class LinkKeys {
	/** Read for each link: this tab's id changes after `id-taken`. */
	readonly #self: { readonly selfId: string; readonly keys: RoomKeys };
	readonly #signalKey: Uint8Array;
	readonly #safetyKey: Uint8Array;

	constructor(self: { readonly selfId: string; readonly keys: RoomKeys }) {
		this.#self = self;
		this.#signalKey = signalSealKey(self.keys);
		this.#safetyKey = safetyCodeKey(self.keys);
	}

	/** A pair's own keys from the key it agreed; that key is wiped. */
	static ofPair(key: Uint8Array): PairLinkKeys {
		const pairKeys = { macKey: key };
		const keys = { signalKey: signalSealKey(pairKeys), safetyKey: safetyCodeKey(pairKeys) };
		key.fill(0);
		return keys;
	}

	signalKey(conn: PeerConnection): Uint8Array {
		return conn.keys?.signalKey ?? this.#signalKey;
	}

	/** What the pair's safety exchange binds its code to. */
	safetyContext(conn: PeerConnection): SafetyContext {
		const { selfId, keys } = this.#self;
		return { key: conn.keys?.safetyKey ?? this.#safetyKey, roomId: keys.roomId, selfId, peerId: conn.id };
	}

	/**
	 * Tells the peer this browser can't connect, sealed as any signal, on a fresh link id. (Under
	 * the room's key, as it always was, even where the pair has its own.)
	 */
	unsupported(conn: PeerConnection, role: LinkRole): SignalEnvelope {
		const { selfId, keys } = this.#self;
		const ctx = { key: this.#signalKey, roomId: keys.roomId, from: selfId, to: conn.id };
		return sealSignal(ctx, { link: randomToken(16), seq: 0, role, signal: { type: 'unsupported' } });
	}
}
