import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../protocol/signaling-messages';
import { routeServerMessage, type ServerMessageTargets } from './server-messages';

/** Every target records what it was called with, in one list, in order. */
function targets(chosen = false) {
	const calls: unknown[][] = [];
	const rec =
		(name: string) =>
		(...args: unknown[]) =>
			void calls.push([name, ...args]);
	const to: ServerMessageTargets = {
		links: {
			onPeerList: rec('peer-list'),
			onPeerJoined: rec('peer-joined'),
			onPeerLeft: rec('peer-left'),
			onRenamed: rec('renamed'),
			onSignal: rec('signal')
		},
		membership: { joined: rec('membership-joined'), refused: rec('refused') },
		name: { joinedWith: rec('name-joined'), chosen },
		joined: rec('joined'),
		error: rec('error')
	};
	return { to, calls };
}

const peers = [{ id: 'b'.repeat(22), name: 'Bob' }];

describe('the server’s messages, each to the part of the room it is for', () => {
	it('peers: the name is checked first, then the join counts, then the links hear the list', () => {
		const { to, calls } = targets();
		const m: ServerMessage = { type: 'peers', self: 'a'.repeat(22), peers, iceServers: [], lanUrls: ['x'] };
		routeServerMessage(m, to);
		expect(calls).toEqual([
			['name-joined', peers],
			['membership-joined'],
			['joined', [], ['x']],
			['peer-list', peers]
		]);
	});

	it('peer-joined, peer-left, peer-renamed and signal go to the links', () => {
		const { to, calls } = targets();
		const id = peers[0]!.id;
		routeServerMessage({ type: 'peer-joined', peer: peers[0]! }, to);
		routeServerMessage({ type: 'peer-left', id }, to);
		routeServerMessage({ type: 'peer-renamed', id, name: 'Rob' }, to);
		routeServerMessage({ type: 'signal', from: id, data: 'sealed' }, to);
		expect(calls).toEqual([
			['peer-joined', peers[0]],
			['peer-left', id],
			['renamed', id, 'Rob'],
			['signal', id, 'sealed']
		]);
	});

	it('a refused join or rename goes to the membership, with whether the name was typed', () => {
		const { to, calls } = targets(true);
		routeServerMessage({ type: 'error', code: 'name-taken', message: '' }, to);
		routeServerMessage({ type: 'error', code: 'id-taken', message: '' }, to);
		routeServerMessage({ type: 'error', code: 'room-full', message: '' }, to);
		expect(calls).toEqual([
			['refused', 'name-taken', true],
			['refused', 'id-taken', true],
			['error', 'room-full']
		]);
	});
});
