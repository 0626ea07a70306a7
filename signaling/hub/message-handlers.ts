import type { RawData } from 'ws';
import { CloseCode } from '#protocol/close-codes';
import { closeCodeFor } from '#protocol/error-codes';
import { parseNearbyClientMessage } from '#protocol/nearby-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';
import { parseClientMessage, type ClientMessage } from '#protocol/signaling-messages';
import { roomTag, type Logger } from '../logger';
import type { RoomBackend, RoomEvents, RoomMessage } from '../rooms/room-backend';
import type { Member } from '../rooms/membership';
import type { ClientConnection } from './client-connection';
import type { HubSettings } from './hub-options';
import type { JoinLimits } from './join-limits';
import type { NearbyHandlers } from '../nearby/nearby-handlers';
import { provesRoom } from './room-proof';
import type { CodeRoomHandlers } from '../code-rooms/code-room-handlers';

type MessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
type Handler<M extends ClientMessage> = (client: ClientConnection, message: M) => Promise<void>;
type Handlers = { [T in ClientMessage['type']]: Handler<MessageOf<T>> };

/**
 * Signal payloads are SDP and ICE candidates, a few levels deep. Deeper JSON is refused: it
 * parses fine but would overflow the stack when serialized for the recipient.
 */
const MAX_SIGNAL_DEPTH = 32;

/** Whether `value` nests no deeper than `levels` arrays or objects. */
function nestsWithin(value: unknown, levels: number): boolean {
	if (typeof value !== 'object' || value === null) return true;
	if (levels === 0) return false;
	const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
	return children.every((child) => nestsWithin(child, levels - 1));
}

function rawText(data: RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return data.toString('utf8');
}

/**
 * The join-ordering buffer. While a join is under way, room messages for the joiner wait here,
 * so that it hears `peers` first and then, in order, what happened since.
 */
export class HeldMessages {
	readonly #held = new WeakMap<ClientConnection, RoomMessage[]>();

	deliver(client: ClientConnection, message: RoomMessage): void {
		const held = this.#held.get(client);
		if (held) held.push(message);
		else client.send(message);
	}

	hold(client: ClientConnection): void {
		this.#held.set(client, []);
	}

	/** Ends the hold; returns what arrived meanwhile. */
	release(client: ClientConnection): RoomMessage[] {
		const held = this.#held.get(client) ?? [];
		this.#held.delete(client);
		return held;
	}
}

/** How the room backend reaches this hub's clients. */
export function roomEvents(held: HeldMessages, log: Logger): RoomEvents<ClientConnection> {
	return {
		// A closed code room: each member hears why, and its socket closes.
		deliver: (client, message) =>
			message.type === 'error' ? client.fail(message.code) : held.deliver(client, message),
		replaced(old) {
			old.member = null;
			log('replaced', { conn: old.seq });
			old.close(CloseCode.replaced, 'replaced');
		},
		evicted(client) {
			client.member = null;
			log('evicted', { conn: client.seq });
			client.close(CloseCode.goingAway, 'rejoin');
		}
	};
}

/** `iceServers` and `lanUrls` as the hub's settings have them, for the `peers` answer. */
export interface MessageHandlerDeps extends Pick<HubSettings, 'iceServers' | 'lanUrls'> {
	rooms: RoomBackend<ClientConnection>;
	joinLimits: JoinLimits;
	/** Nameplates and failed exchanges of code rooms. */
	codeRooms: CodeRoomHandlers;
	held: HeldMessages;
	/** The home page's nearby frames, on the same socket. */
	nearby: NearbyHandlers;
	log: Logger;
}

/** What a client's messages do (a type -> handler map), and its leave when its socket closes. */
export class MessageHandlers {
	readonly #deps: MessageHandlerDeps;
	readonly #handlers: Handlers = {
		join: (client, message) => this.#join(client, message),
		rename: (client, message) => this.#rename(client, message),
		signal: (client, message) => this.#signal(client, message),
		'claim-nameplate': (client) => this.#deps.codeRooms.claim(client),
		'code-failed': (client, message) => this.#deps.codeRooms.failed(client, message)
	};
	/** Leaves still under way, which shutdown waits for before it closes the backend. */
	readonly #leaving = new Set<Promise<void>>();

	constructor(deps: MessageHandlerDeps) {
		this.#deps = deps;
	}

	/** A frame from `client`: counted against its budget, parsed, then queued behind its others. */
	receive(client: ClientConnection, data: RawData, isBinary: boolean): void {
		if (client.closing) return;
		if (!client.takeToken()) return client.fail('rate-limited', 'messages');
		const text = isBinary ? null : rawText(data);
		const message = text === null ? null : parseClientMessage(text);
		// Garbage is parsed once: only what names a nearby frame gets a second look.
		const nearby =
			message || text === null || !text.includes('"nearby-') ? null : parseNearbyClientMessage(text);
		if (!message && !nearby) return client.fail('bad-message');
		client.enqueue(async () => {
			// Messages queued before the server decided to close the client are dropped too.
			if (client.closing) return;
			if (nearby) return this.#deps.nearby.receive(client, nearby);
			if (!message) return;
			// TypeScript cannot correlate `message.type` with the handler's parameter type.
			const handler = this.#handlers[message.type] as Handler<ClientMessage>;
			await handler(client, message);
		});
	}

	/** The socket closed: after whatever the client sent last, such as a join still under way. */
	leave(client: ClientConnection, closeCode: number): void {
		const { rooms, log } = this.#deps;
		const leave = client
			.afterQueue(async () => {
				this.#deps.nearby.leave(client);
				const member = client.member;
				client.member = null;
				if (!member || !(await rooms.leave(member))) return;
				log('leave', {
					conn: client.seq,
					peer: member.peerId,
					room: roomTag(member.roomKey),
					code: closeCode
				});
			})
			.catch((error: unknown) => {
				log('leave.error', { conn: client.seq, error: error instanceof Error ? error.name : typeof error });
			})
			.finally(() => this.#leaving.delete(leave));
		this.#leaving.add(leave);
	}

	/** Leaves begun and not done yet. */
	get leavesUnderWay(): number {
		return this.#leaving.size;
	}

	/** Resolves once every leave begun so far is done. */
	async leavesDone(): Promise<void> {
		await Promise.all(this.#leaving);
	}

	async #join(client: ClientConnection, message: MessageOf<'join'>): Promise<void> {
		const { rooms, held, log } = this.#deps;
		if (client.member || this.#deps.nearby.has(client)) return client.fail('already-joined');
		// A page of another version can't talk to this one's, nor to the devices in the room.
		if (message.v !== PROTOCOL_VERSION) return client.fail('other-version');
		const overspent = await this.#deps.joinLimits.overspent(client.ip, message);
		if (overspent) return client.fail('rate-limited', overspent);
		// Before anything about the room is looked at: without the proof there is no membership,
		// no member list, no "room full" and no TURN credential.
		if (!provesRoom(message.room, message.proof)) return client.fail('bad-proof');
		const refused = await this.#deps.codeRooms.refusal(message.room);
		if (refused) return client.fail(refused);
		held.hold(client);
		const { room, create, peerId, resumeToken, name } = message;
		const result = await rooms
			.join({ room, create, peerId, resumeToken, name, conn: client })
			.catch((error: unknown) => {
				held.release(client);
				throw error;
			});
		if (!result.ok) {
			held.release(client);
			if (closeCodeFor(result.error) !== null) return client.fail(result.error);
			// Recoverable on this socket: the client retries with another code or id.
			log('join.refused', { conn: client.seq, code: result.error });
			return client.sendError(result.error);
		}
		const { member, peers, resumed } = result;
		client.member = member;
		client.send({
			type: 'peers',
			self: member.peerId,
			peers,
			iceServers: this.#deps.iceServers(member.roomKey),
			lanUrls: this.#deps.lanUrls()
		});
		for (const heldMessage of held.release(client)) client.send(heldMessage);
		result.announce();
		const tag = roomTag(member.roomKey);
		if (resumed) log('resume', { conn: client.seq, peer: member.peerId, room: tag });
		else log('join', { conn: client.seq, peer: member.peerId, room: tag, size: peers.length + 1 });
	}

	/** The client's room membership; a client without one broke the rules, and fails. */
	#memberOf(client: ClientConnection): Member<ClientConnection> | null {
		if (!client.member) client.fail('not-joined');
		return client.member;
	}

	async #rename(client: ClientConnection, message: MessageOf<'rename'>): Promise<void> {
		const member = this.#memberOf(client);
		if (!member || member.name === message.name) return;
		// Refused on this socket: the person keeps the old name and picks another.
		if ((await this.#deps.rooms.rename(member, message.name)) === 'name-taken')
			client.sendError('name-taken');
	}

	async #signal(client: ClientConnection, message: MessageOf<'signal'>): Promise<void> {
		const member = this.#memberOf(client);
		if (!member) return;
		if (!nestsWithin(message.data, MAX_SIGNAL_DEPTH)) return client.fail('bad-message');
		// Peers leave all the time, so a signal to a gone peer is not a violation.
		if (!(await this.#deps.rooms.signal(member, message.to, message.data))) client.sendError('unknown-peer');
	}
}
