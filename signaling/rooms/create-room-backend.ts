import type { Logger } from '../logger';
import { MemoryRoomBackend } from './memory-room-backend';
import { RedisRoomBackend, type RedisRoomOptions } from './redis/redis-room-backend';
import type { RoomBackend, RoomEvents } from './room-backend';
import type { RoomLimits } from './membership';

export interface RoomBackendSettings extends RoomLimits {
	/** Share rooms through this Redis; null keeps them in this process's memory. */
	redis: RedisRoomOptions | null;
	/** Client addresses whose rate-limit state the memory backend keeps. */
	maxTrackedAddresses: number;
	/** How long a departed member's id stays reserved for its resume token. */
	idReservationMs: number;
	logger: Logger;
}

/** The Redis backend when one is configured, else the single-process memory backend. */
export function createRoomBackend<Conn>(
	settings: RoomBackendSettings,
	events: RoomEvents<Conn>
): RoomBackend<Conn> {
	const limits: RoomLimits = { maxPeersPerRoom: settings.maxPeersPerRoom, maxRooms: settings.maxRooms };
	if (settings.redis) {
		const { idReservationMs, logger } = settings;
		return new RedisRoomBackend<Conn>({ ...settings.redis, ...limits, idReservationMs, logger }, events);
	}
	return new MemoryRoomBackend<Conn>(
		{
			...limits,
			maxTrackedAddresses: settings.maxTrackedAddresses,
			idReservationMs: settings.idReservationMs
		},
		events
	);
}
