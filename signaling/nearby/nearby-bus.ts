import { isNearbyId, isPublicKeyText, parseNearbyDevice, type NearbyDevice } from '#protocol/nearby-messages';
import { parseJsonObject } from '#protocol/json-object';

/**
 * What the processes sharing a Redis say to each other about one network group, on that group's
 * channel. Nothing is written to Redis: devices are announced while they are connected
 * (`here`, renewed, forgotten when not renewed), and asks and answers pass through.
 */
export type BusEvent =
	| { e: 'here'; node: string; device: NearbyDevice; since: number }
	| { e: 'gone'; node: string; id: string }
	/** A process that just began to hear the group asks the others to announce theirs. */
	| { e: 'roll'; node: string }
	| { e: 'ask'; node: string; from: NearbyDevice; to: string; key: string }
	| { e: 'answer'; node: string; from: string; to: string; key: string | null };

/** The channels between processes: one per network group, named by a keyed hash of it. */
export interface NearbyBus {
	readonly ready: Promise<void>;
	/** This process's id on the bus. */
	readonly node: string;
	/** The name of a group on the bus: nobody reading Redis learns the addresses from it. */
	tag(group: string): string;
	/** Starts hearing a group's channel (its first device connected here). */
	listen(tag: string): Promise<void>;
	/** Stops hearing it (its last device here left). */
	unlisten(tag: string): Promise<void>;
	publish(tag: string, event: BusEvent): void;
	close(): Promise<void>;
}

const NODE = /^[A-Za-z0-9_-]{1,32}$/;

/** Strict, like every other parser: another process's frame is untrusted input too. */
export function parseBusEvent(raw: string): BusEvent | null {
	const m = parseJsonObject(raw);
	if (!m || typeof m.node !== 'string' || !NODE.test(m.node)) return null;
	const node = m.node;
	switch (m.e) {
		case 'here': {
			const device = parseNearbyDevice(m.device);
			if (!device || typeof m.since !== 'number' || !Number.isFinite(m.since)) return null;
			return { e: 'here', node, device, since: m.since };
		}
		case 'gone':
			return isNearbyId(m.id) ? { e: 'gone', node, id: m.id } : null;
		case 'roll':
			return { e: 'roll', node };
		case 'ask': {
			const from = parseNearbyDevice(m.from);
			if (!from || !isNearbyId(m.to) || !isPublicKeyText(m.key)) return null;
			return { e: 'ask', node, from, to: m.to, key: m.key };
		}
		case 'answer':
			if (!isNearbyId(m.from) || !isNearbyId(m.to)) return null;
			if (!(m.key === null || isPublicKeyText(m.key))) return null;
			return { e: 'answer', node, from: m.from, to: m.to, key: m.key };
		default:
			return null;
	}
}
