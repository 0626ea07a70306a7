import type { RoomDevice } from './room-steps';
import { expectPeer } from './room-steps';

/** Every device of a room sees every other one `ready`: all pairs connected and authenticated. */
export async function expectEveryPairReady(devices: readonly RoomDevice[]): Promise<void> {
	await Promise.all(
		devices.map(async (d) => {
			for (const other of devices) if (other !== d) await expectPeer(d.page, other.name);
		})
	);
}
