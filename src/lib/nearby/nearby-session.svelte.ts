import {
	NEARBY_ANSWER_MS,
	parseNearbyServerMessage,
	type DeviceKind,
	type NearbyClientMessage,
	type NearbyDevice,
	type NearbyServerMessage
} from '../protocol/nearby-messages';
import { TimerSet, type Clock, type TimerHandle } from '../time/clock';
import type { PairingKeys } from './pairing-secret';

/** The pairing code, loaded on the first ask or answer: `pairing-code.ts`. */
export type PairingCode = typeof import('./pairing-code');

/** A notice a pairing ends with, in the words the pairing code carries. */
type Notice = (say: PairingCode['notices']) => string;

export interface NearbySocketEvents {
	open(): void;
	message(text: string): void;
	closed(): void;
}

export interface NearbySocket {
	send(text: string): void;
	close(): void;
}

export interface NearbyDeps {
	connect(events: NearbySocketEvents): NearbySocket;
	clock: Clock;
	loadPairing(): Promise<PairingCode>;
	/** Opens the paired room, where this device keeps its name. */
	enter(path: string, selfName: string): void;
	/** The person's own choice of visibility, or null for the server's default. */
	visibility: { load(): boolean | null; save(visible: boolean): void };
}

export interface NearbySessionOptions {
	selfName: string;
	device: DeviceKind;
}

/** A reconnect after the socket went away waits this long. */
const RECONNECT_MS = 3000;

interface Asking {
	to: NearbyDevice;
	keys: PairingKeys | null;
	timer: TimerHandle;
}

interface Request {
	from: NearbyDevice;
	key: string;
	timer: TimerHandle;
}

/**
 * The home page's nearby part: the devices on this network, this device's visibility, and a
 * pairing each way (an ask this device made, a request it got). Every rule is here; the
 * component only shows it and forwards clicks.
 */
export class NearbySession {
	readonly selfName: string;
	readonly device: DeviceKind;
	devices = $state<NearbyDevice[]>([]);
	visible = $state(false);
	online = $state(false);
	/** The device this one asked, until it answers or the time is up. */
	asking = $state<NearbyDevice | null>(null);
	/** Who asks this device, until it answers or the time is up. */
	request = $state<NearbyDevice | null>(null);
	/** What became of the last ask, for the person (shown as an alert). */
	notice = $state<string | null>(null);
	readonly #deps: NearbyDeps;
	readonly #timers: TimerSet;
	#socket: NearbySocket | null = null;
	#asking: Asking | null = null;
	#request: Request | null = null;
	#stopped = true;

	constructor(options: NearbySessionOptions, deps: NearbyDeps) {
		this.selfName = options.selfName;
		this.device = options.device;
		this.#deps = deps;
		this.#timers = new TimerSet(deps.clock);
	}

	start(): void {
		this.#stopped = false;
		this.#open();
	}

	stop(): void {
		this.#stopped = true;
		this.#timers.clearAll();
		this.#socket?.close();
		this.#socket = null;
		this.#asking = null;
		this.#request = null;
		this.asking = null;
		this.request = null;
		this.devices = [];
		this.online = false;
	}

	setVisible(visible: boolean): void {
		this.visible = visible;
		this.#deps.visibility.save(visible);
		this.#send({ type: 'nearby-visible', visible });
	}

	/** Asks `device` to pair; one ask at a time. */
	async ask(device: NearbyDevice): Promise<void> {
		if (this.#asking || !this.online) return;
		this.notice = null;
		const timer = this.#timers.after(NEARBY_ANSWER_MS, () =>
			this.#endAsk((say) => say.noAnswer(device.name))
		);
		const asking: Asking = { to: device, keys: null, timer };
		this.#asking = asking;
		this.asking = device;
		const pairing = await this.#deps.loadPairing();
		if (this.#asking !== asking) return;
		asking.keys = pairing.pairingKeys();
		this.#send({ type: 'nearby-ask', to: device.id, key: asking.keys.publicKey });
	}

	async accept(): Promise<void> {
		const request = this.#request;
		if (!request) return;
		const pairing = await this.#deps.loadPairing();
		if (this.#request !== request) return;
		this.#clearRequest();
		const keys = pairing.pairingKeys();
		const secret = pairing.pairedRoomSecret(keys, request.key, request.key, keys.publicKey);
		if (!secret) {
			this.notice = pairing.notices.pairFailed(request.from.name);
			return this.#send({ type: 'nearby-answer', to: request.from.id, key: null });
		}
		this.#send({ type: 'nearby-answer', to: request.from.id, key: keys.publicKey });
		this.#deps.enter(pairing.pairedRoomPath(secret), this.selfName);
	}

	decline(): void {
		const request = this.#request;
		if (!request) return;
		this.#clearRequest();
		this.#send({ type: 'nearby-answer', to: request.from.id, key: null });
	}

	#open(): void {
		this.#socket = this.#deps.connect({
			open: () => {
				const visible = this.#deps.visibility.load();
				this.#send({ type: 'nearby-hello', name: this.selfName, device: this.device, visible });
			},
			message: (text) => {
				const m = parseNearbyServerMessage(text);
				if (m) this.#onMessage(m);
			},
			closed: () => {
				this.#socket = null;
				this.online = false;
				this.devices = [];
				if (this.#stopped) return;
				this.#timers.after(RECONNECT_MS, () => {
					if (!this.#stopped && !this.#socket) this.#open();
				});
			}
		});
	}

	#send(m: NearbyClientMessage): void {
		this.#socket?.send(JSON.stringify(m));
	}

	#onMessage(m: NearbyServerMessage): void {
		switch (m.type) {
			case 'nearby-welcome':
				this.online = true;
				this.visible = m.visible;
				return;
			case 'nearby-list':
				this.devices = m.devices;
				return;
			case 'nearby-asked':
				// One request at a time; another asker hears nothing and its ask runs out.
				if (this.#request) return;
				this.#request = {
					from: m.from,
					key: m.key,
					timer: this.#timers.after(NEARBY_ANSWER_MS, () => this.#clearRequest())
				};
				this.request = m.from;
				return;
			case 'nearby-answered':
				return void this.#onAnswer(m.from, m.key);
			case 'nearby-refused': {
				if (this.#asking?.to.id !== m.to) return;
				const name = this.#asking.to.name;
				return this.#endAsk((say) => (m.reason === 'gone' ? say.gone(name) : say.rateLimited()));
			}
		}
	}

	async #onAnswer(from: string, key: string | null): Promise<void> {
		const asking = this.#asking;
		if (!asking?.keys || asking.to.id !== from) return;
		if (key === null) return this.#endAsk((say) => say.declined(asking.to.name));
		const pairing = await this.#deps.loadPairing();
		const secret = pairing.pairedRoomSecret(asking.keys, key, asking.keys.publicKey, key);
		if (!secret) return this.#endAsk((say) => say.pairFailed(asking.to.name));
		this.#endAsk(null);
		this.#deps.enter(pairing.pairedRoomPath(secret), this.selfName);
	}

	/**
	 * Ends this device's ask. A notice is put in words by the pairing code, loaded by the ask
	 * (so at once); a new ask in the meantime clears it.
	 */
	#endAsk(notice: Notice | null): void {
		if (this.#asking) this.#timers.clear(this.#asking.timer);
		this.#asking = null;
		this.asking = null;
		this.notice = null;
		if (!notice) return;
		this.#deps.loadPairing().then(
			(pairing) => {
				if (!this.#asking) this.notice = notice(pairing.notices);
			},
			() => {} // The ask could not have been sent without it.
		);
	}

	#clearRequest(): void {
		if (this.#request) this.#timers.clear(this.#request.timer);
		this.#request = null;
		this.request = null;
	}
}
