import type { RoomKeys } from '../crypto/room-keys';
import type { ClientMessage, RoomRef } from '../protocol/signaling-messages';
import { PROTOCOL_VERSION } from '../protocol/protocol-version';
import { SERVER_ERRORS } from '../text/user-messages';

/** Refused joins in a row after which the tab gives up: a server that keeps refusing is broken. */
const MAX_REFUSALS = 5;

/** What a refused join or rename does to the room around this tab. */
export interface MembershipPort {
	randomId: (bytes: number) => string;
	generateName: () => string;
	/** Sends the join again on the open socket. */
	rejoin(): void;
	/** The others saw this tab leave long ago: its old connections are stale and must go. */
	dropAllPeers(): void;
	/** The name on screen (and in the next join). */
	showName(name: string): void;
	alert(text: string): void;
	giveUp(text: string): void;
}

/**
 * Who this tab is in the room (peer id, resume token, the proof of a private room's secret), its
 * join message, and what it does when a join or rename is refused. `id-taken` and `name-taken`
 * are not fatal. An id is taken only when this tab's place lapsed (its socket was gone past the
 * server's reservation) and someone took it: a fresh id joins again. A taken name on a join is
 * swapped for a generated one (with an alert if the person typed it); a refused rename keeps the
 * old name and says why.
 */
export class RoomMembership {
	readonly #room: RoomRef;
	readonly #keys: RoomKeys;
	readonly #port: MembershipPort;
	readonly #resumeToken: string;
	#peerId: string;
	#joining = true;
	#refusals = 0;
	/** The name before the last rename: the server's, if that rename is refused. */
	#nameBefore: string | null = null;

	constructor(room: RoomRef, keys: RoomKeys, port: MembershipPort) {
		this.#room = room;
		this.#keys = keys;
		this.#port = port;
		this.#peerId = port.randomId(16);
		this.#resumeToken = port.randomId(24);
	}

	get peerId(): string {
		return this.#peerId;
	}

	/** The join sent on every (re)connect; refusals until the next `peers` are about it. */
	joinMessage(name: string, create: boolean): ClientMessage {
		this.#joining = true;
		this.#nameBefore = null;
		const { peerId, resumeToken } = { peerId: this.#peerId, resumeToken: this.#resumeToken };
		return {
			type: 'join',
			room: this.#room,
			create,
			peerId,
			resumeToken,
			name,
			proof: this.#keys.joinProof,
			v: PROTOCOL_VERSION
		};
	}

	/** The server sent `peers`: the join went through. */
	joined(): void {
		this.#joining = false;
		this.#refusals = 0;
	}

	renamed(previous: string): void {
		this.#nameBefore = previous;
	}

	/** `nameChosen`: the person typed the current name. */
	refused(code: 'id-taken' | 'name-taken', nameChosen: boolean): void {
		const port = this.#port;
		if (code === 'name-taken' && !this.#joining) {
			if (this.#nameBefore !== null) port.showName(this.#nameBefore);
			this.#nameBefore = null;
			return port.alert(SERVER_ERRORS['name-taken']);
		}
		if (++this.#refusals > MAX_REFUSALS) return port.giveUp(SERVER_ERRORS[code]);
		if (code === 'id-taken') {
			port.dropAllPeers();
			this.#peerId = port.randomId(16);
		} else {
			port.showName(port.generateName());
			if (nameChosen) port.alert(SERVER_ERRORS['name-taken']);
		}
		port.rejoin();
	}
}
