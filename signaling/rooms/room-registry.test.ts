import { describe, expect, it } from 'vitest';
import { roomKey, type JoinRequest } from './membership';
import { RoomRegistry } from './room-registry';
import type { RoomRef } from '#protocol/signaling-messages';

const PRIVATE: RoomRef = { kind: 'private', id: 'AAAAAAAAAAAAAAAAAAAAAA' };
const PUBLIC: RoomRef = { kind: 'public', code: 'ABC234' };

let seq = 0;
function request(room: RoomRef, overrides: Partial<JoinRequest<string>> = {}): JoinRequest<string> {
	seq++;
	return {
		room,
		create: false,
		peerId: `peer-${seq}`,
		resumeToken: `token-${seq}`,
		name: `Name ${seq}`,
		conn: `conn-${seq}`,
		...overrides
	};
}

function joined(registry: RoomRegistry<string>, req: JoinRequest<string>) {
	const result = registry.join(req);
	if (!result.ok) throw new Error(`join failed: ${result.error}`);
	return result;
}

describe('RoomRegistry', () => {
	it('keys rooms by kind, so a private id and a public code never collide', () => {
		expect(roomKey(PRIVATE)).toBe('private:AAAAAAAAAAAAAAAAAAAAAA');
		expect(roomKey(PUBLIC)).toBe('public:ABC234');
	});

	it('creates private rooms on first join and lists earlier members to later ones', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const a = joined(registry, request(PRIVATE));
		expect(a.others).toEqual([]);
		const b = joined(registry, request(PRIVATE));
		expect(b.others.map((m) => m.peerId)).toEqual([a.member.peerId]);
		expect(registry.roomCount).toBe(1);
		expect(registry.memberCount).toBe(2);
	});

	it('refuses a public join of an unknown code unless it creates the room', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		expect(registry.join(request(PUBLIC))).toEqual({ ok: false, error: 'no-such-room' });
		joined(registry, request(PUBLIC, { create: true }));
		joined(registry, request(PUBLIC));
	});

	it('joins a live public room on create, so members can re-form it after a restart', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		joined(registry, request(PUBLIC, { create: true }));
		joined(registry, request(PUBLIC, { create: true }));
		expect(registry.roomCount).toBe(1);
	});

	it('ignores create for private rooms', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		joined(registry, request(PRIVATE, { create: true }));
		joined(registry, request(PRIVATE, { create: true }));
		expect(registry.memberCount).toBe(2);
	});

	it('enforces the room size', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 3, maxRooms: 10, idReservationMs: 0 });
		for (let i = 0; i < 3; i++) joined(registry, request(PRIVATE));
		expect(registry.join(request(PRIVATE))).toEqual({ ok: false, error: 'room-full' });
	});

	it('enforces the number of rooms but lets people join existing ones', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 1, idReservationMs: 0 });
		joined(registry, request(PRIVATE));
		expect(registry.join(request(PUBLIC, { create: true }))).toEqual({
			ok: false,
			error: 'too-many-rooms'
		});
		joined(registry, request(PRIVATE));
	});

	it('deletes a room as soon as it is empty', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const a = joined(registry, request(PUBLIC, { create: true }));
		const b = joined(registry, request(PUBLIC));
		expect(registry.leave(a.member)?.map((m) => m.peerId)).toEqual([b.member.peerId]);
		expect(registry.roomCount).toBe(1);
		expect(registry.leave(b.member)).toEqual([]);
		expect(registry.roomCount).toBe(0);
		expect(registry.memberCount).toBe(0);
		// The code is free again: a plain join no longer finds it.
		expect(registry.join(request(PUBLIC))).toEqual({ ok: false, error: 'no-such-room' });
	});

	it('treats a second leave as a no-op', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const a = joined(registry, request(PRIVATE));
		joined(registry, request(PRIVATE));
		expect(registry.leave(a.member)).not.toBeNull();
		expect(registry.leave(a.member)).toBeNull();
		expect(registry.memberCount).toBe(1);
	});

	it('lets a peer resume its id with the same token and hands back the old member', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 2, maxRooms: 10, idReservationMs: 0 });
		const first = request(PRIVATE);
		const a = joined(registry, first);
		const b = joined(registry, request(PRIVATE));
		// The room is full, but a resume takes no new place.
		const again = joined(registry, { ...first, conn: 'conn-new' });
		expect(again.replaced).toBe(a.member);
		expect(again.renamed).toBe(false);
		expect(again.others.map((m) => m.peerId)).toEqual([b.member.peerId]);
		expect(registry.memberCount).toBe(2);
		// The stale member can no longer leave, rename or find anyone.
		expect(registry.leave(a.member)).toBeNull();
		expect(registry.rename(a.member, 'X')).toEqual({ ok: false, error: 'stale' });
		expect(registry.find(a.member, b.member.peerId)).toBeUndefined();
		// The others reach the new connection under the same id.
		expect(registry.find(b.member, first.peerId)?.conn).toBe('conn-new');
	});

	it('reports a changed name on resume', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const first = request(PRIVATE);
		joined(registry, first);
		expect(joined(registry, { ...first, name: 'Renamed' }).renamed).toBe(true);
	});

	it('answers id-taken for a known id with another token', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const first = request(PRIVATE);
		joined(registry, first);
		expect(registry.join({ ...first, resumeToken: 'someone-else' })).toEqual({
			ok: false,
			error: 'id-taken'
		});
	});

	it('resumes in a public room even when the rejoin says create', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const first = request(PUBLIC, { create: true });
		joined(registry, first);
		expect(joined(registry, first).replaced).not.toBeNull();
	});

	it('finds members only within the same room and never the asker itself', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const a = joined(registry, request(PRIVATE));
		const b = joined(registry, request(PRIVATE));
		const c = joined(registry, request(PUBLIC, { create: true }));
		expect(registry.find(a.member, b.member.peerId)).toBe(b.member);
		expect(registry.find(a.member, c.member.peerId)).toBeUndefined();
		expect(registry.find(a.member, a.member.peerId)).toBeUndefined();
	});

	it('renames and returns whom to tell', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		const a = joined(registry, request(PRIVATE));
		const b = joined(registry, request(PRIVATE));
		expect(registry.rename(a.member, 'New name')).toEqual({ ok: true, others: [b.member] });
		expect(a.member.name).toBe('New name');
		expect(registry.others(b.member)[0]?.name).toBe('New name');
	});

	it('tells whether a room exists and whether a join would resume a member', () => {
		const registry = new RoomRegistry<string>({ maxPeersPerRoom: 20, maxRooms: 10, idReservationMs: 0 });
		expect(registry.hasRoom(PUBLIC)).toBe(false);
		const req = request(PUBLIC, { create: true });
		joined(registry, req);
		expect(registry.hasRoom(PUBLIC)).toBe(true);
		expect(registry.hasRoom(PRIVATE)).toBe(false);
		expect(registry.isResume(PUBLIC, req.peerId, req.resumeToken)).toBe(true);
		expect(registry.isResume(PUBLIC, req.peerId, 'another-token')).toBe(false);
		expect(registry.isResume(PUBLIC, 'another-peer', req.resumeToken)).toBe(false);
		expect(registry.isResume(PRIVATE, req.peerId, req.resumeToken)).toBe(false);
	});
});

describe('RoomRegistry: reserved ids and unique names', () => {
	function clocked(idReservationMs = 30_000) {
		let now = 0;
		const registry = new RoomRegistry<string>({
			maxPeersPerRoom: 20,
			maxRooms: 10,
			idReservationMs,
			now: () => now
		});
		return { registry, advance: (ms: number) => (now += ms) };
	}

	it("keeps a departed member's id for its token only, until the reservation runs out", () => {
		const { registry, advance } = clocked();
		const first = request(PUBLIC, { create: true });
		const a = joined(registry, first);
		joined(registry, request(PUBLIC));
		registry.leave(a.member);
		expect(registry.join(request(PUBLIC, { peerId: first.peerId }))).toEqual({
			ok: false,
			error: 'id-taken'
		});
		advance(29_999);
		expect(registry.join(request(PUBLIC, { peerId: first.peerId }))).toEqual({
			ok: false,
			error: 'id-taken'
		});
		const back = joined(registry, { ...first, conn: 'back' });
		expect(back.replaced).toBeNull();
		registry.leave(back.member);
		advance(30_000);
		expect(registry.join(request(PUBLIC, { peerId: first.peerId })).ok).toBe(true);
	});

	it('keeps an emptied room while it holds reservations, and sweeps it after', () => {
		const { registry, advance } = clocked();
		const first = request(PRIVATE);
		registry.leave(joined(registry, first).member);
		expect(registry.roomCount).toBe(0);
		expect(registry.hasRoom(PRIVATE)).toBe(false);
		registry.sweep();
		expect(registry.join(request(PRIVATE, { peerId: first.peerId }))).toEqual({
			ok: false,
			error: 'id-taken'
		});
		advance(30_000);
		registry.sweep();
		// The room is gone: the cap of one room lets another one open.
		const small = new RoomRegistry<string>({
			maxPeersPerRoom: 20,
			maxRooms: 1,
			idReservationMs: 10,
			now: () => 0
		});
		registry.leave(joined(small, request(PRIVATE)).member);
		expect(small.join(request(PUBLIC, { create: true }))).toEqual({ ok: false, error: 'too-many-rooms' });
		expect(registry.join(request(PRIVATE, { peerId: first.peerId })).ok).toBe(true);
	});

	it('refuses a join or a rename whose name looks like another member’s', () => {
		const { registry } = clocked();
		const a = joined(registry, request(PRIVATE, { name: 'Alice' }));
		expect(registry.join(request(PRIVATE, { name: 'ALİCE' }))).toEqual({ ok: false, error: 'name-taken' });
		expect(registry.join(request(PRIVATE, { name: 'Аlice' }))).toEqual({ ok: false, error: 'name-taken' });
		const b = joined(registry, request(PRIVATE, { name: 'Bob' }));
		expect(registry.rename(b.member, 'al1ce')).toEqual({ ok: false, error: 'name-taken' });
		expect(b.member.name).toBe('Bob');
		// A member may rename itself to a variant of its own name, and resume under it.
		expect(registry.rename(a.member, 'alice').ok).toBe(true);
	});
});
