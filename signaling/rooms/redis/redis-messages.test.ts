import { describe, expect, it } from 'vitest';
import { parseJoinReply, parseNodeEnvelope, parseRoomTag } from './redis-messages';
import { randomId } from '../../../tests/support/test-client';

const PEER = randomId();
const ROOM_ID = randomId();
const SESSION = 'AbCdEfGhIjKlMnOp';

describe('parseRoomTag', () => {
	it('accepts a room tag (an HMAC, never a room id or code in plain) and nothing else', () => {
		expect(parseRoomTag(ROOM_ID)).toBe(ROOM_ID);
		for (const bad of ['public:H7K2MQ', `private:${ROOM_ID}`, `${ROOM_ID}x`, 'H7K2MQ', 42, null]) {
			expect(parseRoomTag(bad)).toBeNull();
		}
	});
});

describe('parseNodeEnvelope', () => {
	const room = ROOM_ID;

	it('reads joined, replaced and event envelopes', () => {
		expect(parseNodeEnvelope(JSON.stringify({ t: 'joined', room, peer: PEER, session: SESSION }))).toEqual({
			t: 'joined',
			room,
			peer: PEER,
			session: SESSION
		});
		expect(parseNodeEnvelope(JSON.stringify({ t: 'replaced', room, peer: PEER, session: SESSION }))).toEqual({
			t: 'replaced',
			room,
			peer: PEER,
			session: SESSION
		});
		const msg = JSON.stringify({ type: 'signal', from: PEER, data: { sdp: 'x' } });
		expect(parseNodeEnvelope(JSON.stringify({ t: 'event', room, to: [PEER], msg }))).toEqual({
			t: 'event',
			room,
			to: [PEER],
			message: { type: 'signal', from: PEER, data: { sdp: 'x' } }
		});
	});

	it.each([
		['not json', '{'],
		['an array', '[]'],
		['an unknown kind', JSON.stringify({ t: 'other', room, peer: PEER, session: SESSION })],
		['a bad room', JSON.stringify({ t: 'joined', room: 'private:x', peer: PEER, session: SESSION })],
		['a bad session', JSON.stringify({ t: 'joined', room, peer: PEER, session: 'a b' })],
		['no recipients', JSON.stringify({ t: 'event', room, to: [], msg: '{"type":"peer-left","id":"x"}' })],
		[
			'cjson empty table',
			JSON.stringify({ t: 'event', room, to: {}, msg: `{"type":"peer-left","id":"${PEER}"}` })
		],
		[
			'a bad recipient',
			JSON.stringify({ t: 'event', room, to: ['x'], msg: `{"type":"peer-left","id":"${PEER}"}` })
		],
		[
			'a message members never get from a room',
			JSON.stringify({
				t: 'event',
				room,
				to: [PEER],
				msg: '{"type":"error","code":"room-full","message":"x"}'
			})
		],
		[
			'a nested object instead of text',
			JSON.stringify({ t: 'event', room, to: [PEER], msg: { type: 'peer-left', id: PEER } })
		]
	])('rejects %s', (_what, raw) => {
		expect(parseNodeEnvelope(raw)).toBeNull();
	});
});

describe('parseJoinReply', () => {
	it('reads successes with the others in order, and failures', () => {
		const other = randomId();
		expect(parseJoinReply(['ok', '0', PEER, 'Alice', other, 'Bob'])).toEqual({
			ok: true,
			resumed: false,
			peers: [
				{ id: PEER, name: 'Alice' },
				{ id: other, name: 'Bob' }
			]
		});
		expect(parseJoinReply(['ok', '1'])).toEqual({ ok: true, resumed: true, peers: [] });
		expect(parseJoinReply(['error', 'room-full'])).toEqual({ ok: false, error: 'room-full' });
	});

	it.each([
		[['ok', '2']],
		[['ok', '0', PEER]],
		[['ok', '0', PEER, ' bad name']],
		[['ok', '0', 'short', 'Alice']],
		[['error', 'bad-message']],
		[['error', 'room-full', 'extra']],
		[['ok', 0]],
		['ok'],
		[null]
	])('rejects %j', (reply) => {
		expect(parseJoinReply(reply)).toBeNull();
	});
});
