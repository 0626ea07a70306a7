import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import { encodeChunk } from '../protocol/chunk-frames';
import {
	DropsOnDemand,
	MAX_WAITING_FROM_PEERS,
	type DropCode,
	type DropWires
} from '../room/drops-on-demand';
import { PeerChannel, type HostileReason } from './peer-channel';
import { PeerConnection } from './peer-connection';
import { Peer } from './peer.svelte';

/** A channel whose drop code never finishes loading (a slow or stalled fetch). */
function stalledRoom() {
	const hostile: HostileReason[] = [];
	const drops = new DropsOnDemand({
		load: () => new Promise<DropCode>(() => {}),
		wires: {} as DropWires,
		failed: () => undefined
	});
	const channel = new PeerChannel({
		drops,
		hostile: (_conn, why) => hostile.push(why),
		renamed: () => undefined
	});
	const conn = new PeerConnection(new Peer('p1', 'Quiet Otter'), new FakeClock());
	return { channel, conn, hostile, drops };
}

const chunk = (stream: number) => {
	const frame = encodeChunk(stream, new Uint8Array(64 * 1024));
	return frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
};

describe('PeerChannel while the drop code loads', () => {
	it('cuts off a peer that pours chunks in before the code is there, instead of holding them all', () => {
		const { channel, conn, hostile } = stalledRoom();
		for (let i = 0; i < MAX_WAITING_FROM_PEERS; i++) channel.onBinary(conn, chunk(1));
		expect(hostile).toEqual([]);
		channel.onBinary(conn, chunk(1));
		expect(hostile).toEqual(['flood']);
	});

	it("keeps this tab's own drops waiting whatever the peers sent", () => {
		const { channel, conn, drops } = stalledRoom();
		for (let i = 0; i <= MAX_WAITING_FROM_PEERS; i++) channel.onBinary(conn, chunk(1));
		let ran = false;
		drops.need(() => (ran = true));
		expect(ran).toBe(false);
		expect(drops.fromPeer(() => undefined)).toBe(false);
	});
});
