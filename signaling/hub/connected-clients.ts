import type { WebSocket } from 'ws';

/**
 * Sockets past the per-address cap are accepted just long enough to hear `too-many-connections`;
 * past this many of those, upgrades are refused outright so a client ignoring closes cannot pile
 * them up.
 */
const OVER_CAP_SLACK = 10;

/** How long clients closed at shutdown may take to answer the close before they are cut off. */
const SHUTDOWN_GRACE_MS = 1000;

export interface ConnectedClient {
	readonly ws: Pick<WebSocket, 'terminate'>;
	/** The `addressKey` per-address limits count under. */
	readonly ip: string;
	close(code: number, reason: string): void;
}

/** The open connections, by socket, and how many each client address has open. */
export class ConnectedClients<C extends ConnectedClient> {
	readonly #clients = new Map<object, C>();
	// Entries exist only while their address has open sockets, so this stays bounded too.
	readonly #perAddress = new Map<string, number>();
	readonly #maxPerAddress: number;
	#onEmpty: (() => void) | null = null;

	/** `maxPerAddress`: 0 (or less) turns the limit off. */
	constructor(maxPerAddress: number) {
		this.#maxPerAddress = maxPerAddress;
	}

	get size(): number {
		return this.#clients.size;
	}

	/** Client addresses with open sockets. */
	get addresses(): number {
		return this.#perAddress.size;
	}

	get(ws: object): C | undefined {
		return this.#clients.get(ws);
	}

	/** Whether an upgrade from `address` is refused before the handshake. */
	isFlooding(address: string): boolean {
		const max = this.#maxPerAddress;
		return max > 0 && (this.#perAddress.get(address) ?? 0) >= max + OVER_CAP_SLACK;
	}

	/** Adds a client; false when its address is now over the cap (it is to be refused). */
	add(client: C): boolean {
		this.#clients.set(client.ws, client);
		const count = (this.#perAddress.get(client.ip) ?? 0) + 1;
		this.#perAddress.set(client.ip, count);
		return this.#maxPerAddress <= 0 || count <= this.#maxPerAddress;
	}

	delete(client: C): void {
		this.#clients.delete(client.ws);
		const left = (this.#perAddress.get(client.ip) ?? 1) - 1;
		if (left > 0) this.#perAddress.set(client.ip, left);
		else this.#perAddress.delete(client.ip);
		if (this.#clients.size === 0) this.#onEmpty?.();
	}

	/** Closes every client with `code`; resolves once all are gone, the slow ones cut off. */
	async closeAll(code: number, reason: string): Promise<void> {
		if (this.#clients.size === 0) return;
		const allClosed = new Promise<void>((resolve) => {
			this.#onEmpty = resolve;
		});
		for (const client of this.#clients.values()) client.close(code, reason);
		// Clients that do not answer the closing handshake are cut off.
		const timer = setTimeout(() => {
			for (const client of this.#clients.values()) client.ws.terminate();
		}, SHUTDOWN_GRACE_MS);
		await allClosed;
		clearTimeout(timer);
	}
}
