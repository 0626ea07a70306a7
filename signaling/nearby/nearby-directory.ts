import {
	MAX_NEARBY_LISTED,
	type AskRefusal,
	type NearbyDevice,
	type NearbyServerMessage
} from '#protocol/nearby-messages';
import type { RetainedCounts } from '../rooms/room-backend';
import type { AskBook } from './ask-book';
import type { BusEvent, NearbyBus } from './nearby-bus';

export interface NearbyDirectoryOptions<Conn> {
	send(conn: Conn, message: NearbyServerMessage): void;
	/** Other processes, through Redis; null when this one is alone. */
	bus: NearbyBus | null;
	asks: AskBook;
	/** Lists go out this long after a change, for every change meanwhile at once. */
	flushMs: number;
	/**
	 * Another process's device that was not announced again for this long is forgotten; this
	 * process announces its own every third of it.
	 */
	presenceMs: number;
	now(): number;
}

/** A device in a group: connected here (`conn`), or to another process (`node`). */
interface Listed<Conn> {
	device: NearbyDevice;
	visible: boolean;
	/** When it arrived: lists keep that order, so the 50 shown do not churn. */
	since: number;
	node: string | null;
	conn: Conn | null;
	seenAt: number;
}

/**
 * Who is nearby whom, in memory only and only while connected: the devices of each network
 * group (by its tag), the lists each device here is sent, and asks routed to their device,
 * here or, through the bus, on another process.
 */
export class NearbyDirectory<Conn> {
	readonly #o: NearbyDirectoryOptions<Conn>;
	readonly #groups = new Map<string, Map<string, Listed<Conn>>>();
	/** Devices connected here -> their group's tag. */
	readonly #local = new Map<string, string>();
	readonly #dirty = new Set<string>();
	/** What each device here was last sent, so an unchanged list is not sent again. */
	readonly #lastSent = new Map<string, string>();
	#flushTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #renewTimer: ReturnType<typeof setInterval>;

	constructor(options: NearbyDirectoryOptions<Conn>) {
		this.#o = options;
		this.#renewTimer = setInterval(() => this.#renew(), Math.max(50, options.presenceMs / 3));
		this.#renewTimer.unref();
	}

	get size(): number {
		return this.#local.size;
	}

	/** Devices, groups and last-sent lists kept, for `SignalingHub.retained`. */
	retained(): RetainedCounts {
		return {
			nearbyDevices: this.#local.size,
			nearbyGroups: this.#groups.size,
			nearbyLists: this.#lastSent.size
		};
	}

	add(conn: Conn, group: string, device: NearbyDevice, visible: boolean): void {
		const { bus, now } = this.#o;
		const tag = bus ? bus.tag(group) : group;
		let members = this.#groups.get(tag);
		if (!members) {
			members = new Map();
			this.#groups.set(tag, members);
			if (bus) void bus.listen(tag).then(() => bus.publish(tag, { e: 'roll', node: bus.node }));
		}
		const at = now();
		members.set(device.id, { device, visible, since: at, node: null, conn, seenAt: at });
		this.#local.set(device.id, tag);
		if (visible) this.#announce(tag, members.get(device.id)!);
		this.#changed(tag);
	}

	setVisible(id: string, visible: boolean): void {
		const found = this.#find(id);
		if (!found || found.listed.visible === visible) return;
		found.listed.visible = visible;
		if (visible) this.#announce(found.tag, found.listed);
		else this.#publish(found.tag, { e: 'gone', id });
		this.#changed(found.tag);
	}

	remove(id: string): void {
		const found = this.#find(id);
		this.#local.delete(id);
		this.#lastSent.delete(id);
		this.#o.asks.forget(id);
		if (!found) return;
		const { tag, listed, members } = found;
		members.delete(id);
		if (listed.visible) this.#publish(tag, { e: 'gone', id });
		const anyLocal = [...members.values()].some((m) => m.conn !== null);
		if (!anyLocal) {
			// Nobody here hears this group any more: what other processes said of it goes too.
			this.#groups.delete(tag);
			this.#dirty.delete(tag);
			void this.#o.bus?.unlisten(tag);
			return;
		}
		this.#changed(tag);
	}

	/** `from` (here) asks `to`, which must be visible in its group; null once it is on its way. */
	ask(from: string, to: string, key: string): AskRefusal | null {
		const found = this.#find(from);
		const target = found?.members.get(to);
		if (!found || !target?.visible || to === from) return 'gone';
		if (this.#o.asks.ask(from, to) === 'too-soon') return 'too-soon';
		if (target.conn !== null) this.#handAsk(target, found.listed.device, key);
		else this.#publish(found.tag, { e: 'ask', from: found.listed.device, to, key });
		return null;
	}

	/** `from` (here) answers `to`'s ask; an answer nobody asked for is dropped. */
	answer(from: string, to: string, key: string | null): void {
		const found = this.#find(from);
		if (!found || !this.#o.asks.takeIncoming(to, from)) return;
		const asker = found.members.get(to);
		if (asker?.conn) this.#handAnswer(asker, from, key);
		else this.#publish(found.tag, { e: 'answer', from, to, key });
	}

	/** An event on a group's channel, from another process. */
	hear(tag: string, event: BusEvent): void {
		const { bus } = this.#o;
		const members = this.#groups.get(tag);
		if (!bus || !members || event.node === bus.node) return;
		switch (event.e) {
			case 'here': {
				const known = members.get(event.device.id);
				if (known?.conn) return;
				const since = known?.since ?? event.since;
				const { device, node } = event;
				members.set(device.id, { device, visible: true, since, node, conn: null, seenAt: this.#o.now() });
				if (!known || known.device.name !== device.name) this.#changed(tag);
				return;
			}
			case 'gone': {
				const known = members.get(event.id);
				if (!known || known.conn) return;
				members.delete(event.id);
				return this.#changed(tag);
			}
			case 'roll':
				for (const listed of members.values()) if (listed.conn && listed.visible) this.#announce(tag, listed);
				return;
			case 'ask': {
				const target = members.get(event.to);
				if (target?.conn && target.visible) this.#handAsk(target, event.from, event.key);
				return;
			}
			case 'answer': {
				const asker = members.get(event.to);
				if (asker?.conn) this.#handAnswer(asker, event.from, event.key);
				return;
			}
		}
	}

	close(): void {
		clearInterval(this.#renewTimer);
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushTimer = null;
	}

	#handAsk(target: Listed<Conn>, from: NearbyDevice, key: string): void {
		this.#o.asks.asked(from.id, target.device.id);
		this.#o.send(target.conn!, { type: 'nearby-asked', from, key });
	}

	#handAnswer(asker: Listed<Conn>, from: string, key: string | null): void {
		if (!this.#o.asks.takeOutgoing(asker.device.id, from)) return;
		this.#o.send(asker.conn!, { type: 'nearby-answered', from, key });
	}

	#find(id: string): { tag: string; members: Map<string, Listed<Conn>>; listed: Listed<Conn> } | null {
		const tag = this.#local.get(id);
		const members = tag === undefined ? undefined : this.#groups.get(tag);
		const listed = members?.get(id);
		return tag !== undefined && members && listed ? { tag, members, listed } : null;
	}

	#announce(tag: string, listed: Listed<Conn>): void {
		this.#publish(tag, { e: 'here', device: listed.device, since: listed.since });
	}

	#publish(tag: string, event: DistributiveOmit<BusEvent, 'node'>): void {
		const { bus } = this.#o;
		if (bus) bus.publish(tag, { ...event, node: bus.node } as BusEvent);
	}

	#changed(tag: string): void {
		this.#dirty.add(tag);
		this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.flushMs);
	}

	#flush(): void {
		this.#flushTimer = null;
		for (const tag of this.#dirty) {
			const members = this.#groups.get(tag);
			if (!members) continue;
			const shown = [...members.values()].filter((m) => m.visible).sort((a, b) => a.since - b.since);
			for (const listed of members.values()) {
				if (!listed.conn) continue;
				const devices = shown
					.filter((m) => m !== listed)
					.slice(0, MAX_NEARBY_LISTED)
					.map((m) => m.device);
				const text = JSON.stringify(devices);
				if (this.#lastSent.get(listed.device.id) === text) continue;
				this.#lastSent.set(listed.device.id, text);
				this.#o.send(listed.conn, { type: 'nearby-list', devices });
			}
		}
		this.#dirty.clear();
	}

	/** Announces this process's visible devices again, and forgets others' not announced lately. */
	#renew(): void {
		this.#o.asks.sweep();
		if (!this.#o.bus) return;
		const stale = this.#o.now() - this.#o.presenceMs;
		for (const [tag, members] of this.#groups) {
			for (const [id, listed] of members) {
				if (listed.conn && listed.visible) this.#announce(tag, listed);
				else if (!listed.conn && listed.seenAt < stale) {
					members.delete(id);
					this.#changed(tag);
				}
			}
		}
	}
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
