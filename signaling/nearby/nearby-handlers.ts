import { randomBytes } from 'node:crypto';
import type { NearbyClientMessage } from '#protocol/nearby-messages';
import type { Logger } from '../logger';
import type { ClientConnection } from '../hub/client-connection';
import type { AddressRateLimiter } from '../rooms/room-backend';
import type { NearbyDirectory } from './nearby-directory';
import type { NetworkGroup } from './network-group';

export interface NearbyHandlerDeps {
	directory: NearbyDirectory<ClientConnection>;
	/** The network group of a client address (`addressKey`). */
	groupOf: (address: string) => NetworkGroup;
	/** Hellos per address: a page load each. */
	hellos: AddressRateLimiter | null;
	/** Asks per address. */
	asks: AddressRateLimiter | null;
	log: Logger;
}

type MessageOf<T extends NearbyClientMessage['type']> = Extract<NearbyClientMessage, { type: T }>;

/**
 * What a home page's nearby frames do. A socket says hello once, then may change its
 * visibility, ask and answer; it never joins a room as well. Ids are the server's, random per
 * connection; the log holds counts and codes, never names or who asked whom.
 */
export class NearbyHandlers {
	readonly #deps: NearbyHandlerDeps;
	readonly #ids = new WeakMap<ClientConnection, string>();

	constructor(deps: NearbyHandlerDeps) {
		this.#deps = deps;
	}

	async receive(client: ClientConnection, message: NearbyClientMessage): Promise<void> {
		if (message.type === 'nearby-hello') return this.#hello(client, message);
		const id = this.#ids.get(client);
		if (id === undefined) return client.fail('not-joined');
		switch (message.type) {
			case 'nearby-visible':
				return this.#deps.directory.setVisible(id, message.visible);
			case 'nearby-ask':
				return this.#ask(client, id, message);
			case 'nearby-answer':
				return this.#deps.directory.answer(id, message.to, message.key);
		}
	}

	/** Whether the socket said hello: then it is a home page, and joins no room. */
	has(client: ClientConnection): boolean {
		return this.#ids.has(client);
	}

	/** The socket closed. */
	leave(client: ClientConnection): void {
		const id = this.#ids.get(client);
		if (id === undefined) return;
		this.#ids.delete(client);
		this.#deps.directory.remove(id);
	}

	async #hello(client: ClientConnection, message: MessageOf<'nearby-hello'>): Promise<void> {
		const { directory, hellos, groupOf, log } = this.#deps;
		if (this.#ids.has(client) || client.member) return client.fail('already-joined');
		if (hellos && !(await hellos.take(client.ip))) return client.fail('rate-limited', 'nearby-hellos');
		if (client.closing) return;
		const id = randomBytes(12).toString('base64url');
		const group = groupOf(client.ip);
		const visible = message.visible ?? group.lan;
		this.#ids.set(client, id);
		client.send({ type: 'nearby-welcome', self: id, visible });
		directory.add(client, group.key, { id, name: message.name, device: message.device }, visible);
		log('nearby.hello', { conn: client.seq, lan: group.lan ? 1 : 0 });
	}

	async #ask(client: ClientConnection, id: string, message: MessageOf<'nearby-ask'>): Promise<void> {
		const { asks, directory } = this.#deps;
		if (asks && !(await asks.take(client.ip))) {
			return client.send({ type: 'nearby-refused', to: message.to, reason: 'rate-limited' });
		}
		const refused = directory.ask(id, message.to, message.key);
		if (refused) client.send({ type: 'nearby-refused', to: message.to, reason: refused });
	}
}
