import { TestClient, joinMessage, privateRoom } from '../../support/test-client';
import type { RoomRef } from '#protocol/signaling-messages';

export interface ChurnPlan {
	clients: number;
	/** How long clients keep coming and going. */
	ms: number;
	/** Rooms open at once; each is replaced by a fresh one every `roomLifeMs`. */
	rooms: number;
	roomLifeMs: number;
}

export interface ChurnTally {
	sessions: number;
	signalsSent: number;
	signalsReceived: number;
	/** Joins answered with an error, or sockets that failed: the run is still valid, but say so. */
	failures: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Private rooms in rotation: rooms are opened, filled and left empty all through the run. */
class RoomRotation {
	readonly #rooms: RoomRef[];
	readonly #lifeMs: number;
	#rotatedAt = Date.now();

	constructor(count: number, lifeMs: number) {
		this.#rooms = Array.from({ length: count }, () => privateRoom());
		this.#lifeMs = lifeMs;
	}

	pick(): RoomRef {
		if (Date.now() - this.#rotatedAt > this.#lifeMs) {
			this.#rotatedAt = Date.now();
			for (let i = 0; i < this.#rooms.length; i++) if (Math.random() < 0.5) this.#rooms[i] = privateRoom();
		}
		return this.#rooms[Math.floor(Math.random() * this.#rooms.length)]!;
	}
}

/** One session: connect from `address`, join, signal everyone there, stay a moment, leave. */
async function session(url: string, address: string, room: RoomRef, tally: ChurnTally): Promise<void> {
	const client = await TestClient.open(url, { headers: { 'X-Forwarded-For': address } });
	try {
		const peers = await client.join(joinMessage(room, { create: true }));
		for (const peer of peers.peers) {
			client.send({ type: 'signal', to: peer.id, data: { candidate: null } });
			tally.signalsSent++;
		}
		await pause(1000 + Math.random() * 2000);
		tally.signalsReceived += client.received.filter((m) => m.type === 'signal').length;
	} finally {
		// Half leave politely, half vanish (a closed tab, a phone out of range).
		if (Math.random() < 0.5) await client.close();
		else client.ws.terminate();
	}
}

/** `plan.clients` clients, each from its own address, joining, signalling and leaving until the time is up. */
export async function churn(url: string, plan: ChurnPlan): Promise<ChurnTally> {
	const tally: ChurnTally = { sessions: 0, signalsSent: 0, signalsReceived: 0, failures: 0 };
	const rooms = new RoomRotation(plan.rooms, plan.roomLifeMs);
	const deadline = Date.now() + plan.ms;
	const slot = async (i: number): Promise<void> => {
		const address = `10.${(i >> 8) & 255}.${i & 255}.1`;
		// Staggered, so a thousand do not arrive in the same millisecond.
		await pause(Math.random() * 2000);
		while (Date.now() < deadline) {
			try {
				await session(url, address, rooms.pick(), tally);
				tally.sessions++;
			} catch {
				tally.failures++;
			}
			await pause(200 + Math.random() * 800);
		}
	};
	await Promise.all(Array.from({ length: plan.clients }, (_, i) => slot(i)));
	return tally;
}
