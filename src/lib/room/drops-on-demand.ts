import type { DropReceiver } from '../drops/drop-receiver';
import type { DropSender } from '../drops/drop-sender';
import type { PeerLinks } from '../peers/peer-links';
import type { PeerMessage } from '../protocol/peer-messages';
import type { Clock } from '../time/clock';
import type { Preparation } from '../drops/preparation';
import type { RoomDrop } from './room-drops.svelte';

/** What the drops reach of the room around them. */
export interface DropWires {
	clock: Clock;
	preparation: Preparation;
	randomId: (bytes: number) => string;
	drops: { readonly list: readonly RoomDrop[]; show(drop: RoomDrop): void; remove(drop: RoomDrop): void };
	links(): PeerLinks;
	send(peerId: string, m: PeerMessage): void;
	alert(text: string): void;
}

/** What `room-drop-parts.ts` exports: the module a room page loads on its first drop. */
export interface DropCode {
	makeDropParts(wires: DropWires): DropParts;
}

/** Both halves of every drop, once made. */
export interface DropParts {
	sender: DropSender;
	receiver: DropReceiver;
	/** What the person reads when a chosen file can't be prepared (for the editor's too). */
	describePrepareError: (err: unknown, fileName: string) => string;
}

/** What the peers' side of the room needs of the drops: a call that waits for their code. */
export interface DropPartsPort {
	/** Runs `run` with the parts, loading their code first if need be. */
	need(run: (parts: DropParts) => void): void;
	/**
	 * The same for what a peer sent; false, and `run` dropped, when more than
	 * `MAX_WAITING_FROM_PEERS` of those already wait for the code: a peer pouring chunks in
	 * while it loads would otherwise hold them all in this tab, unchecked by the receiver's budget.
	 */
	fromPeer(run: (parts: DropParts) => void): boolean;
}

/**
 * Peer messages that may wait for the drop code: 512 chunks are 32 MiB, several seconds of a
 * fast link, against a load of a few milliseconds from the page's own server.
 */
export const MAX_WAITING_FROM_PEERS = 512;

export interface DropsOnDemandOptions {
	/** The code itself: a dynamic import in the page; the module at hand in unit tests. */
	load: () => DropCode | Promise<DropCode>;
	wires: DropWires;
	/** The code could not be loaded (the server is gone, say): what waited for it is dropped. */
	failed: (err: unknown) => void;
}

/**
 * The drop sender and receiver, made once their code is loaded: on the first file or text
 * chosen, or the first drop message a peer sends. Before that there is no drop anywhere, so a
 * peer that comes, goes or loses its link has nothing to tell them (`ifAny`). Once the code is
 * asked for, every call waits in the order it came: a peer's header and the chunks right behind
 * it reach the receiver as they arrived.
 */
export class DropsOnDemand implements DropPartsPort {
	readonly #o: DropsOnDemandOptions;
	#parts: DropParts | undefined;
	#waiting: ((parts: DropParts) => void)[] | undefined;
	#waitingFromPeers = 0;
	/** Settles once the code is loaded, has failed to, or the room stopped. */
	#loadOver: Promise<void> | undefined;
	#endLoad = () => {};
	#stopped = false;

	constructor(options: DropsOnDemandOptions) {
		this.#o = options;
	}

	/** The parts, if their code is loaded. */
	get parts(): DropParts | undefined {
		return this.#parts;
	}

	need(run: (parts: DropParts) => void): void {
		if (this.#stopped) return;
		if (this.#parts) return run(this.#parts);
		if (this.#waiting) {
			this.#waiting.push(run);
			return;
		}
		this.#waiting = [run];
		this.#loadOver = new Promise((resolve) => (this.#endLoad = resolve));
		let code: DropCode | Promise<DropCode>;
		try {
			code = this.#o.load();
		} catch (err) {
			return this.#failed(err);
		}
		if (code instanceof Promise)
			code.then(
				(c) => this.#loaded(c),
				(err: unknown) => this.#failed(err)
			);
		else this.#loaded(code);
	}

	fromPeer(run: (parts: DropParts) => void): boolean {
		if (!this.#parts && this.#waitingFromPeers >= MAX_WAITING_FROM_PEERS) return false;
		if (!this.#parts) this.#waitingFromPeers++;
		this.need(run);
		return true;
	}

	/** Runs `run` with the parts if they are made or on their way; else there is nothing for it to do. */
	ifAny(run: (parts: DropParts) => void): void {
		if (this.#parts || this.#waiting) this.need(run);
	}

	/** Fetches the code ahead of a drop the person is about to choose or type. */
	prefetch(): void {
		this.need(() => {});
	}

	/** Resolves once every file chosen so far is prepared (or refused). */
	get settled(): Promise<void> {
		if (this.#parts) return this.#parts.sender.settled;
		return (this.#loadOver ?? Promise.resolve()).then(() => this.#parts?.sender.settled);
	}

	/** The page is going away: what peers were still sending is wiped (the room lives on). */
	wipeArriving(): void {
		this.#parts?.receiver.wipeArriving();
	}

	/** Leaving the room: both halves stop, and nothing that waited for their code runs. */
	stop(): void {
		this.#stopped = true;
		this.#waiting = undefined;
		this.#waitingFromPeers = 0;
		this.#parts?.sender.stop();
		this.#parts?.receiver.stop();
		this.#endLoad();
	}

	#loaded(code: DropCode): void {
		if (this.#stopped) return;
		const parts = (this.#parts = code.makeDropParts(this.#o.wires));
		const waiting = this.#waiting ?? [];
		this.#waiting = undefined;
		this.#waitingFromPeers = 0;
		for (const run of waiting) run(parts);
		this.#endLoad();
	}

	#failed(err: unknown): void {
		this.#waiting = undefined;
		this.#waitingFromPeers = 0;
		this.#endLoad();
		if (!this.#stopped) this.#o.failed(err);
	}
}
